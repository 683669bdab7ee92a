using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.ListContacts;

internal static class ListContactsEndpoint
{
    /// <summary>Newest first. <c>q</c> searches names (substring) and identifiers (emails, phones, handles);
    /// <c>tag</c> keeps contacts carrying that tag.</summary>
    public static async Task<Results<Ok<Page<ContactResponse>>, ProblemHttpResult>> Handle(
        string? q, string? tag, int? limit, string? cursor, ContactsDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        if (q is { Length: > 200 }) return ApiProblem.Validation("q", "q is at most 200 characters.");

        var orgId = request.OrgId;
        var query = db.Contacts.Where(c => c.OrgId == orgId);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var pattern = "%" + Escape(text) + "%";
            var phone = IdentifierRules.TryNormalize(ContactIdentifierTypes.Phone, text, out var e164, out _) ? "%" + e164.TrimStart('+') + "%" : null;
            query = query.Where(c =>
                EF.Functions.ILike(c.Name!, pattern, Backslash)
                || c.Identifiers.Any(i => EF.Functions.ILike(i.Value, pattern, Backslash) || (phone != null && EF.Functions.Like(i.Value, phone))));
        }
        if (!string.IsNullOrWhiteSpace(tag)) query = query.Where(c => c.Tags.Contains(tag.Trim()));
        if (after is { } c)
            query = query.Where(x => EF.Functions.LessThan(ValueTuple.Create(x.CreatedAt, x.Id), ValueTuple.Create(c.At, c.Id)));

        var rows = await query
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .TakeAsConstant(take + 1)
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, x => new KeysetCursor(x.CreatedAt, x.Id), ContactResponse.From));
    }

    // Npgsql sends LIKE without an escape character (ESCAPE '') unless one is named.
    private const string Backslash = @"\";

    private static string Escape(string s) => s.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}

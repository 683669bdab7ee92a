using Omni.Platform.Database;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.MergeContacts;

internal static class MergeContactsEndpoint
{
    /// <summary>The target keeps its fields and gains what it lacks from the source: identifiers move,
    /// tags are united, custom fields and name/email/phone fill gaps. A <c>contacts.merged</c> event tells
    /// the other modules to move their history (conversations, events, leads).</summary>
    public static async Task<Results<Ok<ContactResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, MergeContactsRequest body, ContactsDbContext db, RequestContext request, EventBus events, CancellationToken ct)
    {
        if (body.SourceContactId == id) return ApiProblem.Validation("source_contact_id", "A contact cannot be merged into itself.");
        var orgId = request.OrgId;

        // Lock both rows in a fixed order so two opposite merges cannot deadlock or interleave.
        var ids = new[] { id, body.SourceContactId }.Order().ToArray();
        var locked = await db.Database
            .SqlQuery<Guid>($"select id as \"Value\" from contacts.contacts where org_id = {orgId} and id = any({ids}) order by id for update")
            .ToListAsync(ct);
        if (!locked.Contains(id)) return TypedResults.NotFound();
        if (!locked.Contains(body.SourceContactId)) return ApiProblem.NotFound("The source contact does not exist.");

        var target = await db.Contacts.AsTracking().SingleAsync(c => c.Id == id, ct);
        var source = await db.Contacts.SingleAsync(c => c.Id == body.SourceContactId, ct);

        await db.Identifiers.Where(i => i.ContactId == source.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ContactId, target.Id), ct);
        target.Name ??= source.Name;
        target.Email ??= source.Email;
        target.Phone ??= source.Phone;
        target.Tags = target.Tags.Concat(source.Tags).Distinct(StringComparer.Ordinal).ToArray();
        target.CustomFields = FillGaps(target.CustomFields, source.CustomFields);
        target.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
        await db.Contacts.Where(c => c.Id == source.Id).ExecuteDeleteAsync(ct);

        await events.PublishAsync(new ContactsMerged(orgId, source.Id, target.Id, target.UpdatedAt), ct);
        return TypedResults.Ok(await ContactResponse.ReadAsync(db, id, ct));
    }

    private static string FillGaps(string target, string source)
    {
        var result = JsonNode.Parse(target)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(source)!.AsObject())
        {
            if (!result.ContainsKey(name)) result[name] = value?.DeepClone();
        }
        return result.ToJsonString();
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Providers;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;

namespace Omni.Channels.ListChannels;

internal static class ListChannelsEndpoint
{
    public static async Task<Ok<Page<ChannelResponse>>> Handle(
        string? type, int? limit, string? cursor, ChannelsDbContext db, ProviderSettings settings, SecretBox box, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var query = db.Channels.Where(c => c.OrgId == request.OrgId);
        if (!string.IsNullOrEmpty(type)) query = query.Where(c => c.Type == type);
        if (after is { } c)
            query = query.Where(x => EF.Functions.LessThan(ValueTuple.Create(x.CreatedAt, x.Id), ValueTuple.Create(c.At, c.Id)));
        var rows = await query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, x => new KeysetCursor(x.CreatedAt, x.Id),
            x => ChannelResponse.From(x, box, WebhookUrls.For(x, settings)?.ToString())));
    }
}

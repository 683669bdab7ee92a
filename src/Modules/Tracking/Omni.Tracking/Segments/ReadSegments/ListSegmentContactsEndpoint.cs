using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Segments.ReadSegments;

internal static class ListSegmentContactsEndpoint
{
    /// <summary>The segment's members as of its last refresh, most recently entered first.</summary>
    public static async Task<Results<Ok<Page<SegmentMemberResponse>>, NotFound>> Handle(
        Guid id, int? limit, string? cursor, SegmentStore segments, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        if (await segments.GetAsync(request.OrgId, id, forUpdate: false, ct) is null) return TypedResults.NotFound();
        var rows = await segments.MembersAsync(id, after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, m => new KeysetCursor(m.EnteredAt, m.ContactId), m => m));
    }
}

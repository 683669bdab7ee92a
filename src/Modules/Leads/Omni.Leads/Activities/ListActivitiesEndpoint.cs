using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Activities;

internal static class ListActivitiesEndpoint
{
    /// <summary>The lead's history, newest first: <c>created</c>, <c>imported</c>, <c>edited</c> (with each
    /// field's from and to), <c>stage_changed</c>, <c>status_changed</c>, <c>assigned</c>, <c>note_added</c>,
    /// <c>contact_merged</c>, <c>contact_deleted</c>; each with its actor (<c>user</c> and its id,
    /// <c>api_key</c> or <c>system</c>) and time.</summary>
    public static async Task<Results<Ok<Page<LeadActivityResponse>>, NotFound>> Handle(Guid id, [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor, LeadStore leads, ActivityLog activities, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        if (!await leads.ExistsAsync(id, ct)) return TypedResults.NotFound();
        var rows = await activities.ListAsync(id, after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, a => new KeysetCursor(a.CreatedAt, a.Id), a => a));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Notes;

internal static class ListNotesEndpoint
{
    /// <summary>Newest first.</summary>
    public static async Task<Results<Ok<Page<LeadNoteResponse>>, NotFound>> Handle(Guid id, [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor, LeadStore leads, NoteStore notes, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        if (!await leads.ExistsAsync(id, ct)) return TypedResults.NotFound();
        var rows = await notes.ListAsync(id, after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, n => new KeysetCursor(n.CreatedAt, n.Id), n => n));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Leads.Domain;

namespace Omni.Leads.Notes;

internal static class AddNoteEndpoint
{
    public static async Task<Results<Created<LeadNoteResponse>, NotFound>> Handle(Guid id, AddNoteRequest body, LeadStore leads, LeadWriter writer,
        NoteStore notes, ActivityLog activities, CancellationToken ct)
    {
        if (await leads.GetAsync(id, forUpdate: true, ct) is not { } lead) return TypedResults.NotFound();
        await writer.RequireMayEditAsync(lead, ct);
        var note = await notes.AddAsync(id, body.Body.Trim(), ct);
        await activities.RecordAsync(id, ActivityTypes.NoteAdded, new { note_id = note.Id }, ct);
        return TypedResults.Created($"/api/v1/leads/{id}/notes", note);
    }
}

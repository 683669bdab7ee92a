using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Leads.ImportLeads;
using Omni.Leads.ListLeads;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.ExportLeads;

internal static class ExportLeadsEndpoint
{
    private const int Batch = 1000;

    private static readonly string[] Header =
    [
        "id", "title", "value", "currency", "pipeline_id", "stage", "status", "lost_reason", "source", "contact_id", "assignee_id",
        "expected_close_date", "custom_fields", "created_at",
    ];

    /// <summary>The leads the list's filters keep, newest first, as CSV with a header row, written as they are
    /// read (in pages of 1000). An import takes the file back (its id and created_at columns are ignored).</summary>
    public static async Task<EmptyHttpResult> Handle(HttpContext http, [AsParameters] ListLeadsQuery query, LeadStore leads, PipelineStore pipelines,
        RequestContext request, CancellationToken ct)
    {
        var filter = query.ToFilter(request);
        var stageNames = new Dictionary<Guid, string>();
        foreach (var p in await pipelines.ListAsync(ct))
            foreach (var s in await pipelines.StagesAsync(p.Id, ct)) stageNames[s.Id] = s.Name;

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"leads.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
        Csv.WriteRow(writer, Header);
        KeysetCursor? after = null;
        while (true)
        {
            var page = await leads.ListAsync(filter, after, Batch, ct);
            foreach (var l in page)
            {
                Csv.WriteRow(writer,
                [
                    l.Id.ToString(), l.Title, l.Value?.ToString(CultureInfo.InvariantCulture), l.Currency, l.PipelineId.ToString(),
                    stageNames.GetValueOrDefault(l.StageId), l.Status, l.LostReason, l.Source, l.ContactId?.ToString(), l.AssigneeId?.ToString(),
                    l.ExpectedCloseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.CustomFields == "{}" ? null : l.CustomFields,
                    l.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ]);
            }
            await writer.FlushAsync(ct);
            if (page.Count < Batch) break;
            after = LeadResponse.Key(page[^1]);
        }
        return TypedResults.Empty;
    }
}

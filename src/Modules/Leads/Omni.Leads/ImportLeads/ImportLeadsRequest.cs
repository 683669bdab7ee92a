using Omni.Platform.OpenApi;

namespace Omni.Leads.ImportLeads;

/// <summary>The CSV, for clients that send JSON; the route also takes the file itself as <c>text/csv</c>.</summary>
internal sealed record ImportLeadsRequest(string Csv) : IHasExample<ImportLeadsRequest>
{
    public static ImportLeadsRequest Example => new(
        "title,value,currency,stage,source,email,expected_close_date\r\nAcme: 50 seats,12500,BRL,New,website,maria@example.com,2026-03-31\r\n");
}

/// <summary>What an import found: rows are numbered as the file's lines (the header is line 1).</summary>
internal sealed record ImportRowError(int Row, string Field, string Message);

internal sealed record ImportReport(bool DryRun, int Rows, int Imported, IReadOnlyList<ImportRowError> Errors);

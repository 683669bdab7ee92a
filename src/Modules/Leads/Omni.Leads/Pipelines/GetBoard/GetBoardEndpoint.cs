using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Pipelines.GetBoard;

internal sealed record CurrencyTotal(string? Currency, long Count, decimal Value);

/// <summary>A lead as a board card: what a column shows. <c>GET /api/v1/leads/{id}</c> has the rest.</summary>
internal sealed record LeadCard(Guid Id, string Title, Guid? ContactId, decimal? Value, string? Currency, string Status, Guid? AssigneeId,
    DateOnly? ExpectedCloseDate, DateTimeOffset StageEnteredAt, DateTimeOffset CreatedAt)
{
    /// <summary>The list's cursor (newest first), so a column continues on <c>GET /api/v1/leads?stage_id=</c>.</summary>
    public KeysetCursor Key() => new(CreatedAt, Id);
}

/// <summary>One column: the stage, how many leads it holds and their value per currency (<c>currency</c> null
/// for leads without one), its first leads as cards, newest first, and the cursor for more
/// (<c>GET /api/v1/leads?stage_id={stage}&amp;cursor={next_cursor}</c>).</summary>
internal sealed record BoardColumn(StageResponse Stage, long Count, IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<LeadCard> Leads, string? NextCursor);

internal sealed record BoardResponse(Guid PipelineId, string Name, IReadOnlyList<BoardColumn> Columns);

internal static class GetBoardEndpoint
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The pipeline's stages in order with their counts, value totals and first <c>limit</c> leads (default 20).</summary>
    public static async Task<Results<Ok<BoardResponse>, NotFound, ProblemHttpResult>> Handle(Guid id, [FromQuery(Name = "limit")] int? limit,
        LeadStore leads, CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) return ApiProblem.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        // A pipeline always has a stage, so no row means no such pipeline in this org.
        if (await leads.BoardAsync(id, take + 1, ct) is not { } board) return TypedResults.NotFound();
        var (name, stages, totals, first) = board;

        var columns = stages.Select(s =>
        {
            var mine = totals.Where(t => t.StageId == s.Id).ToList();
            var rows = first.Where(l => l.StageId == s.Id).Select(l => l.Card).ToList();
            var page = Paging.ToPage(rows, take, c => c.Key(), c => c);
            return new BoardColumn(StageResponse.From(s), mine.Sum(t => t.Count),
                mine.Select(t => new CurrencyTotal(t.Currency, t.Count, t.Total)).ToList(), page.Items, page.NextCursor);
        }).ToList();
        return TypedResults.Ok(new BoardResponse(id, name, columns));
    }
}

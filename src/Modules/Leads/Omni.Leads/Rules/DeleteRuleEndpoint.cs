using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Tracking.Contracts;

namespace Omni.Leads.Rules;

internal static class DeleteRuleEndpoint
{
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, RuleStore rules, ITrackedEventWatch watch, CancellationToken ct)
    {
        if (!await rules.DeleteAsync(id, ct)) return TypedResults.NotFound();
        await RuleSaving.SyncWatchAsync(rules, watch, ct);
        return TypedResults.NoContent();
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Tracking.Contracts;

namespace Omni.Leads.Rules;

internal static class UpdateRuleEndpoint
{
    public static async Task<Results<Ok<RuleResponse>, NotFound>> Handle(Guid id, SaveRuleRequest body, RuleStore rules, LeadWriter writer,
        ITrackedEventWatch watch, CancellationToken ct)
    {
        if (await rules.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(RuleResponse.From(await RuleSaving.SaveAsync(id, body, isNew: false, rules, writer, watch, ct)));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Tracking.Contracts;

namespace Omni.Leads.Rules;

internal static class CreateRuleEndpoint
{
    public static async Task<Created<RuleResponse>> Handle(SaveRuleRequest body, RuleStore rules, LeadWriter writer, ITrackedEventWatch watch, CancellationToken ct)
    {
        var rule = await RuleSaving.SaveAsync(Guid.CreateVersion7(), body, isNew: true, rules, writer, watch, ct);
        return TypedResults.Created($"/api/v1/leads/rules/{rule.Id}", RuleResponse.From(rule));
    }
}

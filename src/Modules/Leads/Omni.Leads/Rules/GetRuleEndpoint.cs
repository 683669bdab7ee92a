using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;

namespace Omni.Leads.Rules;

internal static class GetRuleEndpoint
{
    public static async Task<Results<Ok<RuleResponse>, NotFound>> Handle(Guid id, RuleStore rules, CancellationToken ct) =>
        await rules.GetAsync(id, ct) is { } r ? TypedResults.Ok(RuleResponse.From(r)) : TypedResults.NotFound();
}

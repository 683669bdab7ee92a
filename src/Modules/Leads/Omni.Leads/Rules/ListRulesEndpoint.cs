using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;

namespace Omni.Leads.Rules;

internal static class ListRulesEndpoint
{
    public static async Task<Ok<List<RuleResponse>>> Handle(RuleStore rules, CancellationToken ct) =>
        TypedResults.Ok((await rules.ListAsync(ct)).Select(RuleResponse.From).ToList());
}

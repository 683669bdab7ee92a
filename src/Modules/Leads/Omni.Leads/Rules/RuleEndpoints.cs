using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Tracking.Contracts;

namespace Omni.Leads.Rules;

internal static class ListRulesEndpoint
{
    public static async Task<Ok<List<RuleResponse>>> Handle(RuleStore rules, CancellationToken ct) =>
        TypedResults.Ok((await rules.ListAsync(ct)).Select(RuleResponse.From).ToList());
}

internal static class GetRuleEndpoint
{
    public static async Task<Results<Ok<RuleResponse>, NotFound>> Handle(Guid id, RuleStore rules, CancellationToken ct) =>
        await rules.GetAsync(id, ct) is { } r ? TypedResults.Ok(RuleResponse.From(r)) : TypedResults.NotFound();
}

internal static class CreateRuleEndpoint
{
    public static async Task<Created<RuleResponse>> Handle(SaveRuleRequest body, RuleStore rules, LeadWriter writer, ITrackedEventWatch watch, CancellationToken ct)
    {
        var rule = await RuleSaving.SaveAsync(Guid.CreateVersion7(), body, isNew: true, rules, writer, watch, ct);
        return TypedResults.Created($"/api/v1/leads/rules/{rule.Id}", RuleResponse.From(rule));
    }
}

internal static class UpdateRuleEndpoint
{
    public static async Task<Results<Ok<RuleResponse>, NotFound>> Handle(Guid id, SaveRuleRequest body, RuleStore rules, LeadWriter writer,
        ITrackedEventWatch watch, CancellationToken ct)
    {
        if (await rules.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(RuleResponse.From(await RuleSaving.SaveAsync(id, body, isNew: false, rules, writer, watch, ct)));
    }
}

internal static class DeleteRuleEndpoint
{
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, RuleStore rules, ITrackedEventWatch watch, CancellationToken ct)
    {
        if (!await rules.DeleteAsync(id, ct)) return TypedResults.NotFound();
        await RuleSaving.SyncWatchAsync(rules, watch, ct);
        return TypedResults.NoContent();
    }
}

internal static class RuleSaving
{
    /// <summary>The name Tracking knows this module's watch by.</summary>
    public const string Watcher = "leads";

    public static async Task<LeadRule> SaveAsync(Guid id, SaveRuleRequest body, bool isNew, RuleStore rules, LeadWriter writer,
        ITrackedEventWatch watch, CancellationToken ct)
    {
        var (pipeline, stage) = await writer.PlaceAsync(body.PipelineId, body.StageId, body.StageId is null ? LeadStatuses.Open : null, ct);
        if (body.AssigneeId is { } assignee) await writer.RequireMemberAsync(assignee, "assignee_id", ct);
        var now = DateTimeOffset.UtcNow;
        var saved = await rules.SaveAsync(new LeadRule(id, body.Name.Trim(), body.Trigger, body.ChannelId, body.EventName?.Trim(), pipeline.Id, stage.Id,
            body.AssigneeId, LeadFieldRules.Clean(body.Source), body.IsActive ?? true, now, now), isNew, ct);
        await SyncWatchAsync(rules, watch, ct);
        return saved;
    }

    /// <summary>Tracking raises <see cref="EventTracked"/> only for the names some rule listens for.</summary>
    public static async Task SyncWatchAsync(RuleStore rules, ITrackedEventWatch watch, CancellationToken ct) =>
        await watch.WatchAsync(Watcher, await rules.WatchedEventNamesAsync(ct), ct);
}

using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Tracking.Contracts;

namespace Omni.Leads.Rules;

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

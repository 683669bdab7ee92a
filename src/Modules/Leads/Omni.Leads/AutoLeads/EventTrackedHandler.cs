using Omni.Leads.Data;
using Omni.Platform.Events;
using Omni.Tracking.Contracts;

namespace Omni.Leads.AutoLeads;

/// <summary>A tracked event of a watched name opens a lead when a <c>tracked_event</c> rule names it.</summary>
internal sealed class EventTrackedHandler(RuleStore rules, AutoLeadOpener opener) : IIntegrationEventHandler<EventTracked>
{
    public async Task HandleAsync(EventTracked e, CancellationToken ct)
    {
        var rule = (await rules.ActiveAsync(RuleTriggers.TrackedEvent, ct)).FirstOrDefault(r => r.EventName == e.Name);
        if (rule is not null) await opener.OpenAsync(rule, e.ContactId, "tracked_event", ct);
    }
}

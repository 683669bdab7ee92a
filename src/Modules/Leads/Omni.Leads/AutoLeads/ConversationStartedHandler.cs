using Omni.Leads.Data;
using Omni.Messaging.Contracts;
using Omni.Platform.Events;

namespace Omni.Leads.AutoLeads;

/// <summary>A contact's first message in a new conversation opens a lead when a <c>first_inbound_message</c>
/// rule (of that channel, or of any) says so. Messaging raises the event once per conversation.</summary>
internal sealed class ConversationStartedHandler(RuleStore rules, AutoLeadOpener opener) : IIntegrationEventHandler<ConversationStarted>
{
    public async Task HandleAsync(ConversationStarted e, CancellationToken ct)
    {
        var rule = (await rules.ActiveAsync(RuleTriggers.FirstInboundMessage, ct)).FirstOrDefault(r => r.ChannelId is null || r.ChannelId == e.ChannelId);
        if (rule is not null) await opener.OpenAsync(rule, e.ContactId, "inbound_message", ct);
    }
}

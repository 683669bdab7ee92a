using Omni.Leads.Data;
using Omni.Messaging.Contracts;
using Omni.Platform.Events;

namespace Omni.Leads.AutoLeads;

/// <summary>A contact's first message in a conversation opens a lead when a <c>first_inbound_message</c>
/// rule (of that channel, or of any) says so.</summary>
internal sealed class MessageReceivedHandler(RuleStore rules, AutoLeadOpener opener) : IIntegrationEventHandler<MessageReceived>
{
    public async Task HandleAsync(MessageReceived e, CancellationToken ct)
    {
        if (!e.FirstInConversation) return;
        var rule = (await rules.ActiveAsync(RuleTriggers.FirstInboundMessage, ct)).FirstOrDefault(r => r.ChannelId is null || r.ChannelId == e.ChannelId);
        if (rule is not null) await opener.OpenAsync(rule, e.ContactId, "inbound_message", ct);
    }
}

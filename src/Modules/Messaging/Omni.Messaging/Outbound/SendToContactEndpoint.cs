using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Contracts;
using Omni.Contacts.Contracts;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Platform.Http;

namespace Omni.Messaging.Outbound;

internal static class SendToContactEndpoint
{
    /// <summary>Which identifier types address a contact on each kind of channel.</summary>
    private static readonly Dictionary<string, string[]> IdentifierTypes = new()
    {
        [ChannelTypes.WhatsApp] = ["whatsapp", "phone"],
        [ChannelTypes.Telegram] = ["telegram"],
        [ChannelTypes.Instagram] = ["instagram"],
        [ChannelTypes.WebWidget] = ["external"],
    };

    /// <summary>Finds (or creates) the contact by identifier and its open conversation on the channel, then
    /// queues the message there (202, as for a conversation).</summary>
    public static async Task<Results<Accepted<MessageResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, SendToContactRequest body, IChannelGateway channels, IContactDirectory contacts, ConversationStore store,
        MessagingDbContext db, OutboundMessages outbound, CancellationToken ct)
    {
        var channel = await channels.GetAsync(id, ct);
        if (channel is null) return TypedResults.NotFound();
        var (type, value) = body.Identifier!.Value;
        if (!IdentifierTypes.TryGetValue(channel.Type, out var accepted) || !accepted.Contains(type))
            return ApiProblem.Validation("contact_identifier", $"A {channel.Type} channel addresses contacts by {string.Join(" or ", accepted ?? ["nothing"])}.");

        ContactMatch contact;
        try
        {
            contact = await contacts.FindOrCreateAsync(new ContactIdentifier(type, value), null, ct);
        }
        catch (ArgumentException e)
        {
            return ApiProblem.Validation("contact_identifier", e.Message);
        }
        // WhatsApp addresses numbers as digits with the country code.
        var sourceId = channel.Type == ChannelTypes.WhatsApp ? new string(value.Where(char.IsAsciiDigit).ToArray()).TrimStart('0') : value;
        var (inboxId, contactId) = await store.EnsureContactInboxAsync(channel.Id, contact.ContactId, sourceId, ct);
        var conversationRef = await store.EnsureOpenConversationAsync(channel.Id, contactId, inboxId, ct);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationRef.Id, ct);

        var message = await outbound.QueueAsync(conversation, body.ToSendRequest(), upload: null, ct);
        return TypedResults.Accepted($"/api/v1/conversations/{conversation.Id}/messages/{message.Id}", message);
    }
}

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Messaging.Contracts;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Core;

/// <summary>Arranging inbox state: a channel, what a webhook would hand to Messaging, and a look at the rows.</summary>
internal static class MessagingKit
{
    public static async Task<Guid> NewWebChannelAsync(this HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/channels", new { type = "web_widget", name = "Site chat" });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    public static InboundMessage Text(string externalId, string sender, string text, DateTimeOffset sentAt) =>
        new(externalId, sender, "external", sender, "Ada", "text", text, null, null, null, sentAt);

    public static InboundStatus Receipt(string externalId, string status, string? errorCode = null) =>
        new(externalId, status, DateTimeOffset.UtcNow, errorCode, errorCode is null ? null : "platform said no");

    /// <summary>Hands Messaging what a webhook delivered, as the webhook job does.</summary>
    public static Task ReceiveAsync(this TestApi api, Guid orgId, Guid channelId, IReadOnlyList<InboundMessage> messages, IReadOnlyList<InboundStatus>? statuses = null) =>
        api.RunAsync(orgId, services => services.GetRequiredService<IInboundSink>()
            .ReceiveAsync(new InboundBatch(channelId, messages, statuses ?? []), CancellationToken.None));

    public static async Task<Conversation> ConversationAsync(this TestApi api, Guid conversationId)
    {
        var rows = await api.Database.AdminQueryAsync("""
            select id, contact_id, status, unread_count, last_message_preview, last_message_at, last_inbound_at
            from messaging.conversations where id = $1
            """, r => new Conversation(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5),
                r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6)), conversationId);
        return Assert.Single(rows);
    }

    public static async Task<IReadOnlyList<Guid>> ConversationIdsAsync(this TestApi api, Guid channelId) =>
        await api.Database.AdminQueryAsync("select id from messaging.conversations where channel_id = $1 order by created_at, id",
            r => r.GetGuid(0), channelId);

    public static Task<long> CountAsync(this TestApi api, string sql, params object[] args) => api.Database.AdminScalarAsync<long>(sql, args);

    public static async Task<string> MessageStatusAsync(this TestApi api, Guid messageId) =>
        await api.Database.AdminScalarAsync<string>("select status from messaging.messages where id = $1", messageId);
}

internal sealed record Conversation(Guid Id, Guid ContactId, string Status, int UnreadCount, string? Preview, DateTimeOffset? LastMessageAt, DateTimeOffset? LastInboundAt);

using Omni.Platform.OpenApi;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>The messaging-ingest request body as <c>shared/seeds/messaging-ingest.md</c> defines it. The
/// endpoint reads the JSON itself (its errors have the contract's own shape); this type documents it.</summary>
internal sealed record IngestRequest(string Platform, string ConnectionId, IReadOnlyList<IngestConversation> Conversations) : IHasExample<IngestRequest>
{
    public static IngestRequest Example => new("whatsapp", "wa_business_123",
    [
        new IngestConversation("chat_abc123", "+1234567890", "John Doe",
        [
            new IngestMessage("msg_001", "inbound", "text", "Hi, I am interested in your product", null, "2026-02-01T10:30:00Z"),
            new IngestMessage("msg_002", "outbound", "text", "Hello! Thanks for reaching out. How can I help?", null, "2026-02-01T10:32:00Z"),
        ]),
    ]);
}

/// <summary>One thread on the source platform. <c>participant_identifier</c> is a phone number (WhatsApp,
/// Signal), a username or numeric id (Telegram) or an id (WeChat).</summary>
internal sealed record IngestConversation(string ExternalConversationId, string ParticipantIdentifier, string? ParticipantName, IReadOnlyList<IngestMessage> Messages);

/// <summary><c>direction</c>: inbound or outbound; <c>type</c>: text, image, audio, video, file or location;
/// <c>sent_at</c>: ISO 8601 (without an offset it is taken as UTC). <c>id</c> deduplicates per connection.</summary>
internal sealed record IngestMessage(string Id, string Direction, string Type, string Content, string? MediaUrl, string SentAt);

/// <summary><c>processed</c> counts the conversations of the request, each with a result in request order.</summary>
internal sealed record IngestResponse(bool Success, int Processed, IReadOnlyList<IngestResult> Results);

/// <summary><c>conversation_id</c> is the caller's <c>external_conversation_id</c> (null when it was missing);
/// <c>inbox_conversation_id</c>, an addition to the contract, is the conversation in our inbox (null on error).</summary>
internal sealed record IngestResult(string? ConversationId, int MessagesAdded, string Status, Guid? InboxConversationId);

/// <summary>The contract's error body: <c>{"error": "..."}</c> (not a problem document).</summary>
internal sealed record IngestError(string Error);

internal static class IngestStatuses
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string NoNewMessages = "no_new_messages";

    public static string Error(string message) => "error: " + message;
}

/// <summary>The contract's error messages, word for word, plus ours for what the contract leaves open.</summary>
internal static class IngestErrors
{
    public const string MissingApiKey = "Missing x-api-key header";
    public const string MissingFields = "Missing required fields: platform, connection_id, conversations";
    public const string InvalidConnection = "Invalid connection_id or platform";
    public const string InvalidApiKey = "Invalid API key";
    public const string Inactive = "Connection is inactive";
    public const string Internal = "Internal server error";
    public const string InvalidJson = "Invalid JSON body";
}

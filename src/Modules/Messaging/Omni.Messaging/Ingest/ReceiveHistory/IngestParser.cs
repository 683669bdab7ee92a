using System.Text.Json;

namespace Omni.Messaging.Ingest.ReceiveHistory;

internal sealed record ParsedMessage(string Id, string Direction, string Type, string Content, string? MediaUrl, DateTimeOffset SentAt);

/// <summary>A conversation of the request, checked. <see cref="Error"/> set: it becomes that conversation's
/// <c>error: ...</c> result and nothing of it is written.</summary>
internal sealed record ParsedConversation(string? ExternalId, string? Participant, string? ParticipantName, IReadOnlyList<ParsedMessage> Messages, string? Error)
{
    public static ParsedConversation Invalid(string? externalId, string error) => new(externalId, null, null, [], error);
}

/// <summary>Checks each conversation of a request completely before anything is written, so a bad one is
/// reported on its own and cannot break the transaction the others are written in.</summary>
internal static class IngestParser
{
    public static readonly IReadOnlyList<string> Directions = ["inbound", "outbound"];
    public static readonly IReadOnlyList<string> Types = ["text", "image", "audio", "video", "file", "location"];

    private const int MaxIdLength = 500;
    private const int MaxUrlLength = 2048;

    public static ParsedConversation Parse(JsonElement conversation)
    {
        if (conversation.ValueKind != JsonValueKind.Object) return ParsedConversation.Invalid(null, "conversation must be an object");

        var (externalId, problem) = Text(conversation, "external_conversation_id", "external_conversation_id", required: true, MaxIdLength);
        if (problem is not null) return ParsedConversation.Invalid(null, problem);
        (var participant, problem) = Text(conversation, "participant_identifier", "participant_identifier", required: true, 255);
        if (problem is not null) return ParsedConversation.Invalid(externalId, problem);
        (var name, problem) = Text(conversation, "participant_name", "participant_name", required: false, 1000);
        if (problem is not null) return ParsedConversation.Invalid(externalId, problem);

        if (!conversation.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
            return ParsedConversation.Invalid(externalId, "Missing messages");
        if (messages.ValueKind != JsonValueKind.Array) return ParsedConversation.Invalid(externalId, "messages must be an array");

        var parsed = new List<ParsedMessage>(messages.GetArrayLength());
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var (ok, error) = ParseMessage(message, $"messages[{index++}]");
            if (error is not null) return ParsedConversation.Invalid(externalId, error);
            parsed.Add(ok!);
        }
        return new ParsedConversation(externalId, participant!.Trim(), string.IsNullOrWhiteSpace(name) ? null : name.Trim(), parsed, null);
    }

    private static (ParsedMessage? Message, string? Error) ParseMessage(JsonElement message, string at)
    {
        if (message.ValueKind != JsonValueKind.Object) return (null, $"{at} must be an object");
        var (id, problem) = Text(message, "id", $"{at}.id", required: true, MaxIdLength);
        if (problem is not null) return (null, problem);

        (var direction, problem) = Text(message, "direction", $"{at}.direction", required: true, 50);
        if (problem is not null) return (null, problem);
        if (!Directions.Contains(direction)) return (null, $"{at}.direction must be inbound or outbound");

        (var type, problem) = Text(message, "type", $"{at}.type", required: true, 50);
        if (problem is not null) return (null, problem);
        if (!Types.Contains(type)) return (null, $"{at}.type must be one of {string.Join(", ", Types)}");

        // A media message without a caption is common in exports: null content is taken as empty there.
        (var content, problem) = Text(message, "content", $"{at}.content", required: false, int.MaxValue, allowEmpty: true);
        if (problem is not null) return (null, problem);
        if (content is null && type == "text") return (null, $"Missing {at}.content");

        (var mediaUrl, problem) = Text(message, "media_url", $"{at}.media_url", required: false, MaxUrlLength, allowEmpty: true);
        if (problem is not null) return (null, problem);
        if (string.IsNullOrEmpty(mediaUrl)) mediaUrl = null;
        else if (!Uri.TryCreate(mediaUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return (null, $"{at}.media_url must be an http or https URL");

        (var sentAt, problem) = Text(message, "sent_at", $"{at}.sent_at", required: true, 64);
        if (problem is not null) return (null, problem);
        if (!IngestTimestamps.TryParse(sentAt!, out var at8601)) return (null, $"{at}.sent_at is not an ISO 8601 timestamp");

        return (new ParsedMessage(id!, direction!, type!, content ?? "", mediaUrl, at8601), null);
    }

    /// <summary>A string member: missing or null is an error when required; another JSON type, text that
    /// is not valid UTF-16 or holds a NUL character (Postgres text cannot store it) is always one.</summary>
    private static (string? Value, string? Problem) Text(JsonElement obj, string name, string path, bool required, int maxLength, bool allowEmpty = false)
    {
        if (!obj.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return (null, required ? $"Missing {path}" : null);
        if (element.ValueKind != JsonValueKind.String) return (null, $"{path} must be a string");
        string value;
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return (null, $"{path} is not valid text");
        }
        if (value.Contains('\0', StringComparison.Ordinal)) return (null, $"{path} contains a NUL character");
        if (!allowEmpty && value.Trim().Length == 0) return (null, required ? $"Missing {path}" : null);
        if (value.Length > maxLength) return (null, $"{path} is longer than {maxLength} characters");
        return (value, null);
    }
}

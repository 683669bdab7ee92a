using Omni.Platform.Http;

namespace Omni.Messaging.Core;

/// <summary>A message about to be stored. <see cref="ExternalId"/> (the platform's id) makes storing it
/// idempotent per channel.</summary>
internal sealed record NewMessage(
    Guid Id,
    string Direction,
    string Type,
    string? Content,
    string ContentAttributesJson,
    string SenderType,
    Guid? SenderId,
    bool Private,
    string? ExternalId,
    string Status,
    DateTimeOffset SentAt,
    bool Imported)
{
    public string Preview => MessagePreview.Of(Type, Content);
}

internal sealed record ConversationRef(Guid Id, Guid ContactId, Guid ChannelId, bool Created);

/// <summary>An ingested thread to map to a conversation: the source's thread id, its participant's contact
/// (and name) and the participant's id on the platform.</summary>
internal sealed record ExternalThread(string ExternalId, Guid ContactId, string? ContactName, string SourceId);

internal static class MessagePreview
{
    public const int MaxLength = 200;

    /// <summary>The conversation list's one-line preview of a message.</summary>
    public static string Of(string type, string? content)
    {
        var text = content?.ReplaceLineEndings(" ").Trim() ?? "";
        if (type != "text") text = text.Length == 0 ? $"[{type}]" : $"[{type}] {text}";
        return text.Length <= MaxLength ? text : TextLimits.Truncate(text, MaxLength - 1) + "…";
    }
}

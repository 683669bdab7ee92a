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

internal static class MessagePreview
{
    public const int MaxLength = 200;

    /// <summary>The conversation list's one-line preview of a message.</summary>
    public static string Of(string type, string? content)
    {
        var text = content?.ReplaceLineEndings(" ").Trim() ?? "";
        if (type != "text") text = text.Length == 0 ? $"[{type}]" : $"[{type}] {text}";
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }
}

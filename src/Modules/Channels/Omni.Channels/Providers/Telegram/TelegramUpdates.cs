using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers.Telegram;

/// <summary>Reads one webhook body, a single <c>Update</c>, into inbound messages. Telegram has no delivery
/// receipts, so there are never statuses.
/// <list type="bullet">
/// <item>The contact is the chat: its id (64-bit; negative for groups) is the sender id, the contact's
/// <c>telegram</c> identifier and where replies go. In groups the author is kept in the message's attributes.</item>
/// <item>A message id is unique only within its chat: external ids are <c>&lt;chat id&gt;:&lt;message id&gt;</c>, so a
/// redelivered update is stored once.</item>
/// <item><c>edited_message</c> is stored as a new message (<c>&lt;chat&gt;:&lt;id&gt;:edit:&lt;edit_date&gt;</c>, attribute
/// <c>telegram.edit_of</c>): the inbox keeps what was said first and shows the correction.</item>
/// <item><c>channel_post</c>s are ignored (a channel's own broadcasts, not a customer writing), as are service
/// messages and every other update type (callback_query, my_chat_member, ...).</item>
/// </list></summary>
internal static class TelegramUpdates
{
    /// <summary>The Contacts identifier type of a Telegram chat id.</summary>
    public const string IdentifierType = "telegram";

    /// <summary>Content Telegram users can send that the inbox cannot show: stored as <c>unsupported</c>.</summary>
    private static readonly string[] Unsupported = ["poll", "dice", "game", "story", "invoice", "paid_media", "giveaway", "checklist"];

    /// <exception cref="FormatException">The body is not an Update.</exception>
    public static InboundBatch Read(Guid channelId, string body)
    {
        using var doc = JsonDocument.Parse(body);
        var update = doc.RootElement;
        if (update.ValueKind != JsonValueKind.Object || !update.TryGetProperty("update_id", out var id) || !id.TryGetInt64(out var updateId))
            throw new FormatException("A Telegram webhook body is one Update object with an update_id.");

        InboundMessage? message = null;
        if (update.TryGetProperty("message", out var m)) message = ReadMessage(m, updateId, edited: false);
        else if (update.TryGetProperty("edited_message", out var e)) message = ReadMessage(e, updateId, edited: true);
        return new InboundBatch(channelId, message is null ? [] : [message], []);
    }

    private static InboundMessage? ReadMessage(JsonElement message, long updateId, bool edited)
    {
        var chat = message.GetProperty("chat");
        var chatId = chat.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var messageId = message.GetProperty("message_id").GetInt64();
        var chatType = Text(chat, "type") ?? "private";

        var attributes = new JsonObject { ["update_id"] = updateId, ["chat_type"] = chatType };
        var content = ReadContent(message, attributes);
        if (content is null) return null;

        var externalId = $"{chatId}:{messageId}";
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(message.GetProperty("date").GetInt64());
        if (edited)
        {
            var editDate = message.TryGetProperty("edit_date", out var ed) ? ed.GetInt64() : sentAt.ToUnixTimeSeconds();
            attributes["edit_of"] = externalId;
            externalId = $"{externalId}:edit:{editDate}";
            sentAt = DateTimeOffset.FromUnixTimeSeconds(editDate);
        }
        if (chatType != "private" && message.TryGetProperty("from", out var from))
            attributes["from"] = new JsonObject { ["id"] = from.GetProperty("id").GetInt64(), ["name"] = PersonName(from), ["username"] = Text(from, "username") };
        if (Text(message, "media_group_id") is { } album) attributes["media_group_id"] = album;
        string? replyTo = null;
        if (message.TryGetProperty("reply_to_message", out var reply) && reply.TryGetProperty("message_id", out var replyId))
            replyTo = $"{chatId}:{replyId.GetInt64()}";

        var name = chatType == "private" ? PersonName(chat) : Text(chat, "title") ?? PersonName(chat);
        var (type, text, media) = content.Value;
        return new InboundMessage(externalId, chatId, IdentifierType, chatId, name, type, text, media,
            JsonSerializer.SerializeToElement(new JsonObject { ["telegram"] = attributes }), replyTo, sentAt);
    }

    private static (string Type, string? Text, InboundMedia? Media)? ReadContent(JsonElement m, JsonObject attributes)
    {
        var caption = Text(m, "caption");
        if (Text(m, "text") is { } text) return ("text", text, null);
        if (m.TryGetProperty("photo", out var sizes) && sizes.ValueKind == JsonValueKind.Array && sizes.GetArrayLength() > 0)
            return ("image", null, new InboundMedia("photo", FileId(sizes[sizes.GetArrayLength() - 1]), "image/jpeg", null, caption)); // largest last
        if (m.TryGetProperty("animation", out var animation)) // also fills "document": checked first
            return ("video", null, File(animation, "animation", "video/mp4", caption));
        if (m.TryGetProperty("document", out var document)) return ("file", null, File(document, "document", "application/octet-stream", caption));
        if (m.TryGetProperty("audio", out var audio)) return ("audio", null, File(audio, "audio", "audio/mpeg", caption));
        if (m.TryGetProperty("voice", out var voice)) return ("audio", null, File(voice, "voice", "audio/ogg", caption));
        if (m.TryGetProperty("video", out var video)) return ("video", null, File(video, "video", "video/mp4", caption));
        if (m.TryGetProperty("video_note", out var note)) return ("video", null, File(note, "video_note", "video/mp4", caption));
        if (m.TryGetProperty("sticker", out var sticker))
        {
            var mime = Flag(sticker, "is_animated") ? "application/x-tgsticker" : Flag(sticker, "is_video") ? "video/webm" : "image/webp";
            return ("image", null, new InboundMedia("sticker", FileId(sticker), mime, null, Text(sticker, "emoji")));
        }
        if (m.TryGetProperty("location", out var location)) // a venue fills location too
        {
            var latitude = location.GetProperty("latitude").GetDouble();
            var longitude = location.GetProperty("longitude").GetDouble();
            attributes["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude };
            var label = string.Create(CultureInfo.InvariantCulture, $"{latitude}, {longitude}");
            if (m.TryGetProperty("venue", out var venue))
            {
                attributes["venue"] = new JsonObject { ["title"] = Text(venue, "title"), ["address"] = Text(venue, "address") };
                label = $"{Text(venue, "title")}, {Text(venue, "address")} ({label})";
            }
            return ("location", label, null);
        }
        if (m.TryGetProperty("contact", out var contact))
        {
            var phone = Text(contact, "phone_number");
            attributes["contact"] = new JsonObject
            {
                ["phone_number"] = phone, ["first_name"] = Text(contact, "first_name"), ["last_name"] = Text(contact, "last_name"),
                ["user_id"] = contact.TryGetProperty("user_id", out var u) ? u.GetInt64() : (long?)null,
            };
            return ("text", $"Contact: {PersonName(contact)} {phone}".Trim(), null);
        }
        if (Unsupported.FirstOrDefault(k => m.TryGetProperty(k, out _)) is { } kind)
        {
            attributes["unsupported"] = kind;
            return ("unsupported", caption, null);
        }
        return null; // a service message (members joined, pinned, title changed, ...)
    }

    private static InboundMedia File(JsonElement file, string kind, string fallbackMime, string? caption) =>
        new(kind, FileId(file), Text(file, "mime_type") ?? fallbackMime, Text(file, "file_name"), caption);

    private static string FileId(JsonElement file) =>
        Text(file, "file_id") ?? throw new FormatException("A Telegram file has no file_id.");

    /// <summary>First and last name, else the @username.</summary>
    private static string? PersonName(JsonElement person)
    {
        var name = string.Join(' ', new[] { Text(person, "first_name"), Text(person, "last_name") }.Where(s => !string.IsNullOrWhiteSpace(s))).Trim();
        return name.Length > 0 ? name : Text(person, "username") is { } username ? "@" + username : null;
    }

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement e, string property) => e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}

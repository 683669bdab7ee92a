using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers.Instagram;

/// <summary>Reads an <c>object: "instagram"</c> delivery (the Messenger Platform format) into inbox messages and
/// read receipts, for the entries addressed to this channel's account (<c>entry[].id</c>; one delivery may
/// carry entries of several accounts, each recorded for its own channel).
/// <list type="bullet">
/// <item>Messages: the sender's IGSID is the contact (identifier <c>instagram</c>); <c>mid</c> the external id,
/// so a redelivery is stored once; timestamps are milliseconds. Attachments keep their CDN URL as the media
/// reference (fetched at once: the links expire). image/video/audio/file keep their kind; reels are videos;
/// share, story_mention and ig_post are files (their media may be either); other types and
/// <c>is_unsupported</c> are stored as <c>unsupported</c> with the raw attachment. A message with several
/// attachments becomes one message per attachment (<c>mid</c>, <c>mid#1</c>, ...).</item>
/// <item>Echoes (<c>is_echo</c>, sent by our own account) are skipped, and nothing from our own account ever
/// makes a contact. Echoes of our API sends would duplicate the sent message (and could race its send
/// recording the same mid); echoes of messages typed in the Instagram app are not mirrored into the inbox
/// (the inbound contract has no outbound direction).</item>
/// <item><c>read</c> (<c>messaging_seen</c>, <c>{mid}</c>) marks that message read. Postbacks are stored as
/// text (the button title; the payload in the attributes). Reactions, referrals, edits and deletions
/// (<c>is_deleted</c>) are ignored: the stored message stays as it was.</item>
/// </list></summary>
internal static class InstagramWebhookParser
{
    /// <summary>The Contacts identifier type of an IGSID.</summary>
    private const string IdentifierType = "instagram";
    private static readonly string[] Media = ["image", "video", "audio", "file"];
    private static readonly string[] Videos = ["reel", "ig_reel"];
    private static readonly string[] Shared = ["share", "story_mention", "ig_post"];

    /// <exception cref="FormatException">The body is not an Instagram delivery.</exception>
    public static InboundBatch Parse(Guid channelId, string? accountId, string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || Str(root, "object") != "instagram")
            throw new FormatException("object is not \"instagram\"");
        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            throw new FormatException("entry is missing");

        var messages = new List<InboundMessage>();
        var statuses = new List<InboundStatus>();
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || Id(entry, "id") is not { } entryId || entryId != accountId) continue;
            var entryTime = Millis(entry, "time");
            if (!entry.TryGetProperty("messaging", out var items) || items.ValueKind != JsonValueKind.Array) continue; // comments: changes[]
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                var sender = item.TryGetProperty("sender", out var s) ? Id(s, "id") : null;
                // Our own account is never a contact; an IGSID is numeric.
                if (sender is null || sender == accountId || !sender.All(char.IsAsciiDigit)) continue;
                var at = Millis(item, "timestamp") ?? entryTime ?? DateTimeOffset.UtcNow;

                if (item.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                    ReadMessage(message, sender, at, messages);
                else if (item.TryGetProperty("postback", out var postback) && postback.ValueKind == JsonValueKind.Object)
                    ReadPostback(postback, sender, at, messages);
                else if (item.TryGetProperty("read", out var read) && read.ValueKind == JsonValueKind.Object && Str(read, "mid") is { Length: > 0 } seen)
                    statuses.Add(new InboundStatus(seen, "read", at, null, null));
            }
        }
        return new InboundBatch(channelId, messages, statuses);
    }

    private static void ReadMessage(JsonElement message, string sender, DateTimeOffset at, List<InboundMessage> into)
    {
        if (Str(message, "mid") is not { Length: > 0 } mid || True(message, "is_echo") || True(message, "is_deleted")) return;
        var text = Str(message, "text");
        var attributes = new JsonObject();
        string? replyTo = null;
        if (message.TryGetProperty("reply_to", out var reply) && reply.ValueKind == JsonValueKind.Object)
        {
            replyTo = Str(reply, "mid");
            if (reply.TryGetProperty("story", out var story) && story.ValueKind == JsonValueKind.Object)
                attributes["reply_to_story"] = JsonNode.Parse(story.GetRawText());
        }
        if (message.TryGetProperty("quick_reply", out var quick) && quick.ValueKind == JsonValueKind.Object && Str(quick, "payload") is { } payload)
            attributes["quick_reply_payload"] = payload;

        var attachments = message.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList()
            : [];
        if (attachments.Count == 0)
        {
            var type = text is null || True(message, "is_unsupported") ? "unsupported" : "text";
            into.Add(Message(mid, sender, type, text, null, attributes, replyTo, at));
            return;
        }
        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = attachments[i];
            var kind = Str(attachment, "type") ?? "";
            var url = attachment.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "url") : null;
            var own = (JsonObject)attributes.DeepClone();
            own["instagram_attachment_type"] = kind;
            var (type, mediaKind) = kind switch
            {
                _ when url is null => ("unsupported", null),
                _ when Media.Contains(kind) => (kind, kind),
                _ when Videos.Contains(kind) => ("video", "video"),
                _ when Shared.Contains(kind) => ("file", "file"),
                _ => ("unsupported", null),
            };
            if (type == "unsupported") own["instagram_attachment"] = JsonNode.Parse(attachment.GetRawText());
            else if (p.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String) own["title"] = title.GetString();
            var media = mediaKind is null ? null : new InboundMedia(mediaKind, url!, null, null, null);
            into.Add(Message(i == 0 ? mid : $"{mid}#{i}", sender, type, i == 0 ? text : null, media, own, i == 0 ? replyTo : null, at));
        }
    }

    private static void ReadPostback(JsonElement postback, string sender, DateTimeOffset at, List<InboundMessage> into)
    {
        if (Str(postback, "mid") is not { Length: > 0 } mid) return;
        var attributes = new JsonObject { ["postback_payload"] = Str(postback, "payload") };
        into.Add(Message(mid, sender, "text", Str(postback, "title"), null, attributes, null, at));
    }

    private static InboundMessage Message(
        string externalId, string sender, string type, string? text, InboundMedia? media, JsonObject attributes, string? replyTo, DateTimeOffset at) =>
        new(externalId, sender, IdentifierType, sender, null, type, text, media,
            attributes.Count == 0 ? null : JsonSerializer.SerializeToElement(attributes), replyTo, at);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Ids are strings in Meta's payloads; a number is taken as written.</summary>
    private static string? Id(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Number ? v.GetRawText()
        : null;

    private static bool True(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static DateTimeOffset? Millis(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var ms)
        && ms is > 0 and < 253_402_300_800_000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}

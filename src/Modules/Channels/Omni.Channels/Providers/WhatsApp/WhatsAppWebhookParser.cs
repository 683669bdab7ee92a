using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>Reads a recorded Cloud API webhook (<c>entry[].changes[].value</c>) into inbox messages and
/// delivery statuses for one channel (changes for other numbers are skipped). Unknown fields, change
/// fields and message types never fail the batch: an unknown type is stored as <c>unsupported</c>.</summary>
/// <remarks>Message types, as stored: <c>text</c>; <c>image</c>, <c>audio</c> (<c>voice</c> in attributes),
/// <c>video</c>, <c>document</c> as <c>file</c>, <c>sticker</c> as <c>image</c>, each with its media id to
/// fetch; <c>location</c> (latitude, longitude, name, address, url in <c>attributes.location</c>);
/// <c>interactive</c> button and list replies and a template's quick-reply <c>button</c> as
/// <c>interactive</c> (the title as text, id/payload in <c>attributes.interactive</c>); <c>reaction</c> as
/// <c>text</c> whose content is the emoji (empty when the reaction was removed) with
/// <c>attributes.reaction</c> and the reacted-to message as the reply target: the inbox shows it in line, and a
/// client can fold it onto that message; shared <c>contacts</c>, <c>order</c> and <c>system</c> notices as
/// <c>text</c> with a readable summary and the original object in attributes; anything else (including Meta's
/// own <c>unsupported</c>) as <c>unsupported</c> with the declared type and Meta's errors in
/// <c>attributes.unsupported</c>.</remarks>
internal static class WhatsAppWebhookParser
{
    /// <summary>The contact identifier type a WhatsApp sender is known by (value: <c>+&lt;wa_id&gt;</c>).</summary>
    public const string IdentifierType = "whatsapp";

    public static InboundBatch Parse(ChannelContext channel, string body, ILogger log)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("A WhatsApp webhook is a JSON object.");

        var messages = new List<InboundMessage>();
        var statuses = new List<InboundStatus>();
        foreach (var entry in Array(root, "entry"))
        {
            foreach (var change in Array(entry, "changes"))
            {
                if (Str(change, "field") != "messages" || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
                    continue;
                var phoneNumberId = value.TryGetProperty("metadata", out var metadata) ? Str(metadata, "phone_number_id") : null;
                if (channel.ExternalId is not null && phoneNumberId != channel.ExternalId) continue;

                var contacts = Array(value, "contacts")
                    .Select(c => (WaId: Str(c, "wa_id"), Name: c.TryGetProperty("profile", out var p) ? Str(p, "name") : null))
                    .Where(c => c.WaId is not null)
                    .ToList();
                foreach (var item in Array(value, "messages"))
                {
                    if (ReadMessage(item, contacts) is { } message) messages.Add(message);
                    else log.LogWarning("A WhatsApp message without id or sender was skipped on channel {ChannelId}", channel.Id);
                }
                foreach (var item in Array(value, "statuses"))
                {
                    if (ReadStatus(item) is { } status) statuses.Add(status);
                }
                foreach (var error in Array(value, "errors"))
                {
                    log.LogWarning("WhatsApp reported an error on channel {ChannelId}: {Code} {Title} {Details}",
                        channel.Id, Raw(error, "code"), Str(error, "title") ?? Str(error, "message"), ErrorDetails(error));
                }
            }
        }
        return new InboundBatch(channel.Id, messages, statuses);
    }

    private static InboundMessage? ReadMessage(JsonElement m, List<(string? WaId, string? Name)> contacts)
    {
        var id = Str(m, "id");
        var from = Str(m, "from");
        // Key the contact on wa_id: it can differ from "from" in formatting (some countries' extra digits).
        var contact = contacts.FirstOrDefault(c => c.WaId == from);
        if (contact.WaId is null && contacts.Count > 0) contact = contacts[0];
        var waId = Digits(contact.WaId ?? from);
        if (id is null || waId.Length == 0) return null;

        var declared = Str(m, "type") ?? "unsupported";
        var attributes = new JsonObject();
        string? replyTo = m.TryGetProperty("context", out var context) ? Str(context, "id") : null;
        if (context.ValueKind == JsonValueKind.Object)
        {
            if (context.TryGetProperty("forwarded", out var fw) && fw.ValueKind == JsonValueKind.True) attributes["forwarded"] = true;
            if (context.TryGetProperty("frequently_forwarded", out var ffw) && ffw.ValueKind == JsonValueKind.True) attributes["frequently_forwarded"] = true;
        }
        if (m.TryGetProperty("referral", out var referral)) attributes["referral"] = Node(referral);

        string type;
        string? text = null;
        InboundMedia? media = null;
        var inner = m.TryGetProperty(declared, out var payload) && payload.ValueKind == JsonValueKind.Object ? payload : default;
        switch (declared)
        {
            case "text" when inner.ValueKind == JsonValueKind.Object:
                type = "text";
                text = Str(inner, "body");
                break;
            case "image" or "audio" or "video" or "document" or "sticker" when Str(inner, "id") is { } mediaId:
                type = declared switch { "document" => "file", "sticker" => "image", _ => declared };
                text = Str(inner, "caption");
                media = new InboundMedia(type, mediaId, Str(inner, "mime_type"), Str(inner, "filename"), text);
                if (inner.TryGetProperty("voice", out var voice) && voice.ValueKind == JsonValueKind.True) attributes["voice"] = true;
                if (declared == "sticker") attributes["sticker"] = new JsonObject { ["animated"] = inner.TryGetProperty("animated", out var a) && a.ValueKind == JsonValueKind.True };
                if (Str(inner, "sha256") is { } sha) attributes["media_sha256"] = sha;
                break;
            case "location" when inner.ValueKind == JsonValueKind.Object:
                type = "location";
                var location = new JsonObject();
                foreach (var field in new[] { "latitude", "longitude", "name", "address", "url" })
                    if (inner.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null) location[field] = Node(v);
                attributes["location"] = location;
                var place = string.Join(", ", new[] { Str(inner, "name"), Str(inner, "address") }.Where(s => !string.IsNullOrWhiteSpace(s)));
                text = place.Length > 0 ? place : $"{Raw(inner, "latitude")}, {Raw(inner, "longitude")}";
                break;
            case "interactive" when inner.ValueKind == JsonValueKind.Object:
                type = "interactive";
                var kind = Str(inner, "type") ?? "unknown";
                var reply = new JsonObject { ["type"] = kind };
                if (inner.TryGetProperty(kind, out var chosen) && chosen.ValueKind == JsonValueKind.Object)
                    foreach (var p in chosen.EnumerateObject()) reply[p.Name] = Node(p.Value);
                attributes["interactive"] = reply;
                text = chosen.ValueKind == JsonValueKind.Object ? Str(chosen, "title") ?? Str(chosen, "body") : null;
                break;
            case "button" when inner.ValueKind == JsonValueKind.Object:
                type = "interactive";
                attributes["interactive"] = new JsonObject { ["type"] = "button", ["payload"] = Str(inner, "payload"), ["text"] = Str(inner, "text") };
                text = Str(inner, "text") ?? Str(inner, "payload");
                break;
            case "reaction" when inner.ValueKind == JsonValueKind.Object:
                type = "text";
                var emoji = Str(inner, "emoji");
                text = string.IsNullOrEmpty(emoji) ? null : emoji;
                attributes["reaction"] = new JsonObject { ["message_id"] = Str(inner, "message_id"), ["emoji"] = emoji ?? "", ["removed"] = string.IsNullOrEmpty(emoji) };
                replyTo = Str(inner, "message_id") ?? replyTo;
                break;
            case "contacts" when payload.ValueKind == JsonValueKind.Array:
                type = "text";
                attributes["shared_contacts"] = Node(payload);
                text = string.Join(", ", payload.EnumerateArray().Select(SharedContactSummary).Where(s => s.Length > 0));
                break;
            case "order" when inner.ValueKind == JsonValueKind.Object:
                type = "text";
                attributes["order"] = Node(inner);
                text = Str(inner, "text") ?? $"[order of {Array(inner, "product_items").Count()} items]";
                break;
            case "system" when inner.ValueKind == JsonValueKind.Object:
                type = "text";
                attributes["system"] = Node(inner);
                text = Str(inner, "body");
                break;
            default:
                type = "unsupported";
                var unsupported = new JsonObject { ["type"] = declared };
                if (m.TryGetProperty("errors", out var errors)) unsupported["errors"] = Node(errors);
                attributes["unsupported"] = unsupported;
                break;
        }
        if (type != "unsupported" && m.TryGetProperty("errors", out var itemErrors)) attributes["errors"] = Node(itemErrors);

        return new InboundMessage(id, waId, IdentifierType, "+" + waId, contact.Name, type, text, media,
            JsonSerializer.SerializeToElement(attributes), replyTo, Timestamp(m));
    }

    private static InboundStatus? ReadStatus(JsonElement s)
    {
        var id = Str(s, "id");
        var status = Str(s, "status") switch
        {
            "sent" => "sent",
            "delivered" => "delivered",
            // "played": a voice message was listened to, which is read.
            "read" or "played" => "read",
            "failed" => "failed",
            _ => null,
        };
        if (id is null || status is null) return null;
        string? code = null, errorText = null;
        if (Array(s, "errors").FirstOrDefault() is { ValueKind: JsonValueKind.Object } error)
        {
            var n = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var v) ? v : (int?)null;
            code = n == WhatsAppErrors.WindowClosed ? "window_closed" : n is { } known ? $"whatsapp_{known}" : "whatsapp_error";
            errorText = ErrorDetails(error) ?? Str(error, "title") ?? Str(error, "message");
        }
        else if (status == "failed")
        {
            code = "whatsapp_error";
        }
        return new InboundStatus(id, status, Timestamp(s), code, errorText);
    }

    private static string? ErrorDetails(JsonElement error) =>
        error.TryGetProperty("error_data", out var data) && data.ValueKind == JsonValueKind.Object ? Str(data, "details") : null;

    private static string SharedContactSummary(JsonElement c)
    {
        var name = c.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.Object ? Str(n, "formatted_name") : null;
        var phone = Array(c, "phones").Select(p => Str(p, "phone")).FirstOrDefault(p => p is not null);
        return string.Join(" ", new[] { name, phone is null ? null : $"({phone})" }.Where(s => s is not null));
    }

    /// <summary>Timestamps are strings of Unix seconds; a missing or odd one is "now" rather than a lost message.</summary>
    private static DateTimeOffset Timestamp(JsonElement item)
    {
        if (item.TryGetProperty("timestamp", out var t))
        {
            if (t.ValueKind == JsonValueKind.String && long.TryParse(t.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                && s is > 0 and < 253402300799)
                return DateTimeOffset.FromUnixTimeSeconds(s);
            if (t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var n) && n is > 0 and < 253402300799)
                return DateTimeOffset.FromUnixTimeSeconds(n);
        }
        return DbClock.Now;
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];

    private static string? Str(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Raw(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) ? v.ToString() : "";

    private static JsonNode? Node(JsonElement e) => JsonNode.Parse(e.GetRawText());

    private static string Digits(string? s) => s is null ? "" : new string(s.Where(char.IsAsciiDigit).ToArray());
}

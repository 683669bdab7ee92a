using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Channels.Contracts;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>The Cloud API body for one of our outbound messages: <c>text</c>, media by uploaded media id or
/// public link (<c>image</c>, <c>audio</c>, <c>video</c>, <c>document</c> with its file name), or <c>template</c>
/// with its components passed through as given; a reply carries <c>context.message_id</c>.</summary>
internal static class WhatsAppOutbound
{
    /// <summary>The recipient as the Cloud API takes it: digits with the country code.</summary>
    public static string Recipient(string id) => new(id.Where(char.IsAsciiDigit).ToArray());

    /// <exception cref="NotSupportedException">The message cannot be expressed for WhatsApp.</exception>
    public static JsonObject Build(OutboundMessage message, string? uploadedMediaId = null)
    {
        var to = Recipient(message.RecipientId);
        if (to.Length == 0) throw new NotSupportedException("The recipient has no WhatsApp number.");
        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to,
        };
        if (message.ReplyToExternalId is { Length: > 0 } replyTo) body["context"] = new JsonObject { ["message_id"] = replyTo };

        switch (message.Type)
        {
            case "text":
                if (string.IsNullOrEmpty(message.Text)) throw new NotSupportedException("A text message needs text.");
                body["type"] = "text";
                body["text"] = new JsonObject { ["preview_url"] = false, ["body"] = message.Text };
                break;
            case "template":
                var template = message.Template ?? throw new NotSupportedException("A template message needs a template.");
                var t = new JsonObject { ["name"] = template.Name, ["language"] = new JsonObject { ["code"] = template.Language } };
                if (template.Components is { ValueKind: JsonValueKind.Array } components) t["components"] = JsonNode.Parse(components.GetRawText());
                body["type"] = "template";
                body["template"] = t;
                break;
            case "image" or "audio" or "video" or "file":
                var media = message.Media ?? throw new NotSupportedException($"A {message.Type} message needs its media.");
                if (uploadedMediaId is null && string.IsNullOrEmpty(media.Url))
                    throw new NotSupportedException("This message has neither an uploaded file nor a media URL.");
                var kind = message.Type == "file" ? "document" : message.Type;
                var m = uploadedMediaId is not null ? new JsonObject { ["id"] = uploadedMediaId } : new JsonObject { ["link"] = media.Url };
                // Audio takes no caption on WhatsApp.
                if (kind != "audio" && !string.IsNullOrEmpty(media.Caption)) m["caption"] = media.Caption;
                if (kind == "document") m["filename"] = media.FileName ?? FileNameOf(media.Url ?? "");
                body["type"] = kind;
                body[kind] = m;
                break;
            default:
                throw new NotSupportedException($"WhatsApp channels cannot send {message.Type} messages here.");
        }
        return body;
    }

    private static string FileNameOf(string url)
    {
        var name = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : "";
        return string.IsNullOrEmpty(name) ? "document" : Uri.UnescapeDataString(name);
    }
}

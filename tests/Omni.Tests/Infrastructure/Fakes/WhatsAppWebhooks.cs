using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Omni.Tests.Infrastructure.Fakes;

/// <summary>Webhook bodies as Meta writes them (reference §2): compact JSON, every timestamp a string of Unix
/// seconds, non-ASCII text and slashes escaped (<c>\u00e9</c>, <c>\/</c>), so a receiver that re-serialises
/// before checking the signature fails. Items are built here and wrapped by <see cref="Messages"/>,
/// <see cref="Statuses"/> or <see cref="Batch"/>.</summary>
public static class WhatsAppWebhooks
{
    public static string NewWamid() => "wamid.HBgL" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public static string Timestamp(DateTimeOffset? at = null) => (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>One change for <paramref name="number"/> carrying <paramref name="value"/>'s fields besides the metadata.</summary>
    public static JsonObject Change(FakeWhatsApp.Number number, JsonObject value, string field = "messages")
    {
        var full = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = number.DisplayDigits, ["phone_number_id"] = number.PhoneNumberId },
        };
        foreach (var (k, v) in value.ToList())
        {
            value.Remove(k);
            full[k] = v;
        }
        return new JsonObject { ["value"] = full, ["field"] = field };
    }

    /// <summary>Inbound messages from one customer (<c>contacts[0]</c>) to <paramref name="number"/>.</summary>
    public static string Messages(FakeWhatsApp.Number number, string waId, string? name, params JsonObject[] messages) =>
        Batch((number, [Change(number, MessagesValue(waId, name, messages))]));

    public static JsonObject MessagesValue(string waId, string? name, params JsonObject[] messages)
    {
        var contact = new JsonObject { ["wa_id"] = waId };
        if (name is not null) contact["profile"] = new JsonObject { ["name"] = name };
        return new JsonObject { ["contacts"] = new JsonArray(contact), ["messages"] = new JsonArray(messages.Cast<JsonNode>().ToArray()) };
    }

    public static string Statuses(FakeWhatsApp.Number number, params JsonObject[] statuses) =>
        Batch((number, [Change(number, new JsonObject { ["statuses"] = new JsonArray(statuses.Cast<JsonNode>().ToArray()) })]));

    /// <summary>Several entries (one per number, each with its changes) in one POST.</summary>
    public static string Batch(params (FakeWhatsApp.Number Number, JsonObject[] Changes)[] entries)
    {
        var list = new JsonArray();
        foreach (var (number, changes) in entries)
            list.Add(new JsonObject { ["id"] = number.BusinessAccountId, ["changes"] = new JsonArray(changes.Cast<JsonNode>().ToArray()) });
        return MetaJson(new JsonObject { ["object"] = "whatsapp_business_account", ["entry"] = list });
    }

    /// <summary>Compact, non-ASCII as lower-case \uxxxx and "/" as "\/", as Meta's PHP writes JSON.</summary>
    public static string MetaJson(JsonNode node) =>
        Regex.Replace(node.ToJsonString(), @"\\u[0-9A-F]{4}", m => m.Value.ToLowerInvariant()).Replace("/", "\\/", StringComparison.Ordinal);

    public static JsonObject Text(string from, string body, string? id = null, DateTimeOffset? at = null, string? replyTo = null) =>
        Item(from, id, at, "text", new JsonObject { ["body"] = body }, replyTo);

    public static JsonObject Image(string from, string mediaId, string sha256, string? caption = null, string mime = "image/jpeg", string? id = null) =>
        Item(from, id, null, "image", Media(mediaId, sha256, mime, caption));

    public static JsonObject Audio(string from, string mediaId, string sha256, bool voice = true, string? id = null)
    {
        var audio = Media(mediaId, sha256, "audio/ogg; codecs=opus", null);
        audio["voice"] = voice;
        return Item(from, id, null, "audio", audio);
    }

    public static JsonObject Video(string from, string mediaId, string sha256, string? caption = null, string? id = null) =>
        Item(from, id, null, "video", Media(mediaId, sha256, "video/mp4", caption));

    public static JsonObject Document(string from, string mediaId, string sha256, string fileName, string? caption = null, string? id = null)
    {
        var document = Media(mediaId, sha256, "application/pdf", caption);
        document["filename"] = fileName;
        return Item(from, id, null, "document", document);
    }

    public static JsonObject Sticker(string from, string mediaId, string sha256, string? id = null)
    {
        var sticker = Media(mediaId, sha256, "image/webp", null);
        sticker["animated"] = false;
        return Item(from, id, null, "sticker", sticker);
    }

    public static JsonObject Location(string from, double latitude, double longitude, string? name = null, string? address = null, string? id = null)
    {
        var location = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude };
        if (address is not null) location["address"] = address;
        if (name is not null) location["name"] = name;
        if (name is not null) location["url"] = "https://philzcoffee.com/";
        return Item(from, id, null, "location", location);
    }

    public static JsonObject ButtonReply(string from, string buttonId, string title, string contextId, string? id = null) =>
        Item(from, id, null, "interactive", new JsonObject
        {
            ["type"] = "button_reply",
            ["button_reply"] = new JsonObject { ["id"] = buttonId, ["title"] = title },
        }, contextId, contextFrom: true);

    public static JsonObject ListReply(string from, string rowId, string title, string description, string contextId, string? id = null) =>
        Item(from, id, null, "interactive", new JsonObject
        {
            ["type"] = "list_reply",
            ["list_reply"] = new JsonObject { ["id"] = rowId, ["title"] = title, ["description"] = description },
        }, contextId, contextFrom: true);

    public static JsonObject TemplateButton(string from, string payload, string text, string contextId, string? id = null) =>
        Item(from, id, null, "button", new JsonObject { ["payload"] = payload, ["text"] = text }, contextId, contextFrom: true);

    public static JsonObject Reaction(string from, string messageId, string? emoji, string? id = null)
    {
        var reaction = new JsonObject { ["message_id"] = messageId };
        if (emoji is not null) reaction["emoji"] = emoji;
        return Item(from, id, null, "reaction", reaction);
    }

    public static JsonObject SharedContacts(string from, string name, string phone, string? id = null)
    {
        var item = Item(from, id, null, "contacts", null);
        item["contacts"] = new JsonArray(new JsonObject
        {
            ["name"] = new JsonObject { ["formatted_name"] = name, ["first_name"] = name.Split(' ')[0] },
            ["phones"] = new JsonArray(new JsonObject { ["phone"] = phone, ["type"] = "CELL" }),
        });
        return item;
    }

    public static JsonObject Order(string from, string text, string? id = null) =>
        Item(from, id, null, "order", new JsonObject
        {
            ["catalog_id"] = "1234567890",
            ["text"] = text,
            ["product_items"] = new JsonArray(new JsonObject { ["product_retailer_id"] = "sku-1", ["quantity"] = 2, ["item_price"] = 9.5, ["currency"] = "USD" }),
        });

    public static JsonObject SystemNotice(string from, string body, string newWaId, string? id = null) =>
        Item(from, id, null, "system", new JsonObject { ["body"] = body, ["new_wa_id"] = newWaId, ["type"] = "user_changed_number" });

    /// <summary>What Meta sends for a message type it does not support (with the 131051 error).</summary>
    public static JsonObject Unsupported(string from, string? id = null)
    {
        var item = Item(from, id, null, "unsupported", null);
        item["errors"] = new JsonArray(new JsonObject
        {
            ["code"] = 131051, ["title"] = "Message type unknown", ["message"] = "Message type unknown",
            ["error_data"] = new JsonObject { ["details"] = "Message type is currently not supported." },
        });
        return item;
    }

    public static JsonObject Status(string wamid, string status, string recipient, DateTimeOffset? at = null, int? errorCode = null, string? errorDetails = null)
    {
        var item = new JsonObject
        {
            ["id"] = wamid, ["status"] = status, ["timestamp"] = Timestamp(at), ["recipient_id"] = recipient,
        };
        if (status is "sent" or "delivered")
        {
            item["conversation"] = new JsonObject { ["id"] = "f5fdae3920125a39a1e6a23e5f877c16", ["origin"] = new JsonObject { ["type"] = "service" } };
            item["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = "service" };
        }
        if (errorCode is { } code)
        {
            item["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = code, ["title"] = "Error " + code, ["message"] = "Error " + code,
                ["error_data"] = new JsonObject { ["details"] = errorDetails ?? "details of " + code },
                ["href"] = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            });
        }
        return item;
    }

    private static JsonObject Media(string mediaId, string sha256, string mime, string? caption)
    {
        var media = new JsonObject { ["mime_type"] = mime, ["sha256"] = sha256, ["id"] = mediaId };
        if (caption is not null) media["caption"] = caption;
        return media;
    }

    private static JsonObject Item(string from, string? id, DateTimeOffset? at, string type, JsonObject? content, string? contextId = null, bool contextFrom = false)
    {
        var item = new JsonObject();
        if (contextId is not null)
        {
            var context = new JsonObject { ["id"] = contextId };
            if (contextFrom) context["from"] = "15550783881";
            item["context"] = context;
        }
        item["from"] = from;
        item["id"] = id ?? NewWamid();
        item["timestamp"] = Timestamp(at);
        item["type"] = type;
        if (content is not null) item[type] = content;
        return item;
    }
}

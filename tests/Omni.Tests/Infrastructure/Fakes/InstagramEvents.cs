using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Omni.Tests.Infrastructure.Fakes;

/// <summary>Instagram webhook bodies as Meta sends them (<c>object: "instagram"</c>, <c>entry[].messaging[]</c>,
/// millisecond timestamps, string ids): build the <c>messaging[]</c> items, wrap them with <see cref="Envelope(string, JsonObject[])"/>
/// and deliver them with <see cref="FakeInstagram.DeliverAsync"/>.</summary>
public static class InstagramEvents
{
    public static string NewMid() => "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>An Instagram-scoped user id: 16 digits.</summary>
    public static string NewIgsid() =>
        RandomNumberGenerator.GetInt32(1, 10).ToString(CultureInfo.InvariantCulture)
        + string.Concat(Enumerable.Range(0, 15).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));

    public static string Envelope(string accountId, params JsonObject[] items) => Envelope((accountId, items));

    public static string Envelope(params (string AccountId, JsonObject[] Items)[] entries)
    {
        var list = new JsonArray();
        foreach (var (account, items) in entries)
            list.Add(new JsonObject { ["id"] = account, ["time"] = Now(), ["messaging"] = new JsonArray([.. items]) });
        return new JsonObject { ["object"] = "instagram", ["entry"] = list }.ToJsonString();
    }

    public static JsonObject Text(string accountId, string igsid, string text, string? mid = null, DateTimeOffset? at = null,
        string? replyToMid = null, string? quickReplyPayload = null)
    {
        var message = new JsonObject { ["mid"] = mid ?? NewMid(), ["text"] = text };
        if (replyToMid is not null) message["reply_to"] = new JsonObject { ["mid"] = replyToMid };
        if (quickReplyPayload is not null) message["quick_reply"] = new JsonObject { ["payload"] = quickReplyPayload };
        return Item(igsid, accountId, at, "message", message);
    }

    /// <summary>A message of attachments (<c>image</c>, <c>video</c>, <c>audio</c>, <c>file</c>, <c>share</c>,
    /// <c>story_mention</c>, <c>ig_reel</c>, <c>ig_post</c>, <c>template</c>, ...), each with its CDN URL.</summary>
    public static JsonObject Attachments(string accountId, string igsid, string mid, DateTimeOffset? at, params (string Type, Uri? Url)[] attachments)
    {
        var list = new JsonArray();
        foreach (var (type, url) in attachments)
            list.Add(new JsonObject { ["type"] = type, ["payload"] = url is null ? new JsonObject { ["title"] = "Summer sale" } : new JsonObject { ["url"] = url.ToString() } });
        return Item(igsid, accountId, at, "message", new JsonObject { ["mid"] = mid, ["attachments"] = list });
    }

    /// <summary>A message our own account sent (sender and recipient swapped).</summary>
    public static JsonObject Echo(string accountId, string igsid, string mid, string? text) =>
        Item(accountId, igsid, null, "message", new JsonObject { ["mid"] = mid, ["text"] = text ?? "", ["is_echo"] = true });

    public static JsonObject Deleted(string accountId, string igsid, string mid) =>
        Item(igsid, accountId, null, "message", new JsonObject { ["mid"] = mid, ["is_deleted"] = true });

    public static JsonObject Unsupported(string accountId, string igsid, string mid) =>
        Item(igsid, accountId, null, "message", new JsonObject { ["mid"] = mid, ["is_unsupported"] = true });

    public static JsonObject Reaction(string accountId, string igsid, string mid, string emoji = "❤") =>
        Item(igsid, accountId, null, "reaction", new JsonObject { ["mid"] = mid, ["action"] = "react", ["reaction"] = "love", ["emoji"] = emoji });

    public static JsonObject Seen(string accountId, string igsid, string mid) =>
        Item(igsid, accountId, null, "read", new JsonObject { ["mid"] = mid });

    public static JsonObject Postback(string accountId, string igsid, string mid, string title, string payload) =>
        Item(igsid, accountId, null, "postback", new JsonObject { ["mid"] = mid, ["title"] = title, ["payload"] = payload });

    public static JsonObject Referral(string accountId, string igsid) =>
        Item(igsid, accountId, null, "referral", new JsonObject { ["ref"] = "summer_ad", ["source"] = "ADS", ["type"] = "OPEN_THREAD" });

    public static JsonObject Edit(string accountId, string igsid, string mid, string text) =>
        Item(igsid, accountId, null, "message_edit", new JsonObject { ["mid"] = mid, ["text"] = text, ["num_edit"] = 1 });

    public static long Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static JsonObject Item(string sender, string recipient, DateTimeOffset? at, string field, JsonObject value) => new()
    {
        ["sender"] = new JsonObject { ["id"] = sender },
        ["recipient"] = new JsonObject { ["id"] = recipient },
        ["timestamp"] = at is { } t ? Millis(t) : Now(),
        [field] = value,
    };
}

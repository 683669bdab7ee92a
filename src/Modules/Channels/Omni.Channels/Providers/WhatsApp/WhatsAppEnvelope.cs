using System.Text;
using System.Text.Json;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>Just enough of a webhook body to route it: each change's <c>value.metadata.phone_number_id</c>
/// (one POST may batch entries for several numbers), without reading the messages themselves.</summary>
internal static class WhatsAppEnvelope
{
    public sealed record Change(string PhoneNumberId, string? EntryId, string RawJson);

    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static IReadOnlyList<Change> Changes(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var changes = new List<Change>();
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            return changes;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("changes", out var list) || list.ValueKind != JsonValueKind.Array) continue;
            var entryId = entry.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            foreach (var change in list.EnumerateArray())
            {
                if (change.ValueKind == JsonValueKind.Object
                    && change.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object
                    && value.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                    && metadata.TryGetProperty("phone_number_id", out var number) && number.ValueKind == JsonValueKind.String
                    && number.GetString() is { Length: > 0 } phoneNumberId)
                {
                    changes.Add(new Change(phoneNumberId, entryId, change.GetRawText()));
                }
            }
        }
        return changes;
    }

    /// <summary>A body holding only some changes of a batch, each change's JSON exactly as received: what one
    /// channel of a batch that spans several channels (possibly of several orgs) gets to keep.</summary>
    public static string Of(IEnumerable<Change> changes)
    {
        var json = new StringBuilder("""{"object":"whatsapp_business_account","entry":[""");
        var firstEntry = true;
        foreach (var group in changes.GroupBy(c => c.EntryId))
        {
            if (!firstEntry) json.Append(',');
            firstEntry = false;
            json.Append('{');
            if (group.Key is { } entryId) json.Append("\"id\":\"").Append(JsonEncodedText.Encode(entryId).ToString()).Append("\",");
            json.Append("\"changes\":[").AppendJoin(',', group.Select(c => c.RawJson)).Append("]}");
        }
        return json.Append("]}").ToString();
    }
}

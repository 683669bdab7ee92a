using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omni.Tracking.Conversions;

/// <summary><c>custom_data</c> from an event's properties: Meta's own keys as they are, GA4 ecommerce keys
/// translated (<c>transaction_id</c> → <c>order_id</c>, <c>items</c> → <c>contents</c> and <c>content_ids</c>,
/// <c>search_term</c> → <c>search_string</c>), and for track events other plain values as custom properties.
/// Identity keys never go here: they are customer information, hashed into <c>user_data</c>.</summary>
internal static class MetaCustomData
{
    private static readonly HashSet<string> MetaKeys = new(StringComparer.Ordinal)
    {
        "value", "currency", "order_id", "content_ids", "contents", "content_type", "content_name", "content_category",
        "num_items", "predicted_ltv", "search_string", "status", "delivery_category",
    };

    public static JsonObject From(JsonElement properties, bool includeCustom)
    {
        var data = new JsonObject();
        if (properties.ValueKind != JsonValueKind.Object) return data;
        foreach (var p in properties.EnumerateObject())
        {
            if (MetaKeys.Contains(p.Name)) data[p.Name] = JsonNode.Parse(p.Value.GetRawText());
            else if (includeCustom && !MetaUserData.TraitKeys.Contains(p.Name) && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                     && p.Name is not ("transaction_id" or "items" or "search_term"))
                data[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }
        if (data["value"] is JsonValue v && v.TryGetValue<string>(out var text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            data["value"] = number;
        if (data["currency"] is JsonValue c && c.TryGetValue<string>(out var currency)) data["currency"] = currency.Trim().ToUpperInvariant();
        if (data["order_id"] is null && properties.TryGetProperty("transaction_id", out var tx) && tx.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            data["order_id"] = tx.ToString();
        if (data["search_string"] is null && properties.TryGetProperty("search_term", out var term) && term.ValueKind == JsonValueKind.String)
            data["search_string"] = term.GetString();
        if (data["contents"] is null && properties.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            AddContents(data, items);
        return data;
    }

    private static void AddContents(JsonObject data, JsonElement items)
    {
        var contents = new JsonArray();
        var ids = new JsonArray();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("item_id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)) continue;
            var content = new JsonObject { ["id"] = id.ToString() };
            if (item.TryGetProperty("quantity", out var q) && q.TryGetInt32(out var quantity)) content["quantity"] = quantity;
            if (item.TryGetProperty("price", out var p) && p.TryGetDecimal(out var price)) content["item_price"] = price;
            contents.Add(content);
            ids.Add(id.ToString());
        }
        if (contents.Count == 0) return;
        data["contents"] = contents;
        if (data["content_ids"] is null) data["content_ids"] = ids;
        if (data["content_type"] is null) data["content_type"] = "product";
    }
}

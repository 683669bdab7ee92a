using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Contacts.Contracts;

namespace Omni.Tracking.Conversions;

/// <summary>Builds <c>user_data</c>: customer information hashed (<see cref="MetaHashing"/>) from the contact
/// first and the visitor's identify traits where the contact has nothing, and the browser's own identifiers
/// (<c>client_ip_address</c>, <c>client_user_agent</c>, <c>fbc</c>, <c>fbp</c>) as they are, which Meta
/// forbids hashing.</summary>
internal static class MetaUserData
{
    /// <summary>Property names that identify a person (identify traits, form fields).</summary>
    public static readonly IReadOnlySet<string> TraitKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "email", "phone", "name", "first_name", "last_name", "firstName", "lastName", "user_id", "userId", "external_id",
        "address", "city", "state", "zip", "postal_code", "country", "birthday", "gender", "fbc", "fbp",
    };

    public static JsonObject Build(ContactSummary? contact, JsonElement? traits, BrowserIds browser)
    {
        var user = new JsonObject();
        var (first, last) = SplitName(contact?.Name);
        Add(user, "em", MetaHashing.Email(contact?.Email) ?? MetaHashing.Email(Trait(traits, "email")));
        Add(user, "ph", MetaHashing.Phone(contact?.Phone) ?? MetaHashing.Phone(Trait(traits, "phone")));
        Add(user, "fn", MetaHashing.Name(Trait(traits, "first_name") ?? Trait(traits, "firstName") ?? first));
        Add(user, "ln", MetaHashing.Name(Trait(traits, "last_name") ?? Trait(traits, "lastName") ?? last));
        Add(user, "external_id", MetaHashing.ExternalId(contact?.Id.ToString() ?? Trait(traits, "external_id") ?? Trait(traits, "user_id") ?? Trait(traits, "userId")));
        if (browser.Ip is { Length: > 0 } ip) user["client_ip_address"] = ip;
        if (browser.UserAgent is { Length: > 0 } ua) user["client_user_agent"] = ua;
        if (browser.Fbc is { Length: > 0 } fbc) user["fbc"] = fbc;
        if (browser.Fbp is { Length: > 0 } fbp) user["fbp"] = fbp;
        return user;
    }

    /// <summary>"Mary Ann Smith": first word and last word, only when the name has at least two.</summary>
    private static (string? First, string? Last) SplitName(string? name)
    {
        var parts = name?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return parts.Length >= 2 ? (parts[0], parts[^1]) : (null, null);
    }

    private static void Add(JsonObject user, string key, string? hash)
    {
        if (hash is not null) user[key] = new JsonArray(hash);
    }

    private static string? Trait(JsonElement? traits, string key) =>
        traits is { ValueKind: JsonValueKind.Object } t && t.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? v.ToString() : null;
}

using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Tracking.Sources;

namespace Omni.Tracking.Intake;

/// <summary><c>POST /webhooks/gtm</c>: a GTM server container forwards GA4 Measurement Protocol-shaped
/// payloads (<c>client_id</c>, <c>user_id</c>, <c>timestamp_micros</c>, <c>events[].name</c>/<c>params</c>)
/// with the source's secret in <c>X-Gtm-Secret</c>. They go into the same event store as the browser's:
/// <c>client_id</c> is the anonymous id, <c>page_view</c> a page view, <c>params.event_id</c> (or a hash of the
/// payload's identity when absent, so a resent payload is not stored twice) the event id; <c>user_id</c>
/// identifies the visitor as the contact with that external id.</summary>
internal static class GtmWebhookEndpoint
{
    public const string SecretHeader = "X-Gtm-Secret";
    private static readonly string[] ContextParams = ["page_location", "page_referrer", "page_title", "ip_override", "user_agent", "language", "screen_resolution"];

    public static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> Handle(
        HttpContext http, NpgsqlDataSource dataSource, EventWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var received = clock.GetUtcNow();
        var secret = http.Request.Headers[SecretHeader].ToString();
        if (secret.Length == 0) throw new ApiException(401, "gtm_secret_missing", $"Send the source's GTM secret in {SecretHeader}.");
        var source = await FindAsync(dataSource, SourceKeys.Hash(secret), ct) ?? throw new ApiException(401, "invalid_gtm_secret", "No source has this GTM secret.");
        if (!source.IsActive) throw new ApiException(403, "source_inactive", "This source is switched off.");
        using var body = await IntakeRequest.ReadJsonAsync(http.Request, TrackEndpoints.MaxBatchBytes, ct);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return ApiProblem.Validation("body", "The body is a GA4 Measurement Protocol payload (a JSON object).");

        var errors = new Dictionary<string, string[]>();
        var clientId = Str(root, "client_id");
        var userId = Str(root, "user_id");
        if (clientId is null && userId is null) errors["client_id"] = ["client_id (or user_id) is required."];
        if (clientId is { Length: > 100 }) errors["client_id"] = ["client_id is at most 100 characters."];
        var occurredAt = received;
        if (root.TryGetProperty("timestamp_micros", out var micros))
        {
            if (TryMicros(micros, out var at)) occurredAt = at > received ? received : at;
            else errors["timestamp_micros"] = ["timestamp_micros is microseconds since the Unix epoch."];
        }
        if (!root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            errors["events"] = ["events must be a non-empty array."];
        else if (list.GetArrayLength() > IntakeParser.MaxEvents) errors["events"] = [$"At most {IntakeParser.MaxEvents} events."];
        if (errors.Count > 0) return ApiProblem.Validation(errors);

        var anonymousId = clientId ?? "user:" + userId;
        var events = new List<IntakeEvent>();
        string? ip = null, userAgent = null;
        var i = 0;
        foreach (var e in list.EnumerateArray())
        {
            var at = $"events[{i}]";
            var name = e.ValueKind == JsonValueKind.Object ? Str(e, "name") : null;
            if (name is null or { Length: 0 or > 200 }) errors[$"{at}.name"] = ["name is required (at most 200 characters)."];
            var hasParams = e.ValueKind == JsonValueKind.Object && e.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object;
            var parameters = hasParams ? e.GetProperty("params") : default;
            if (errors.Count > 0 || name is null)
            {
                i++;
                continue;
            }
            var properties = new Dictionary<string, JsonElement>();
            var context = new Dictionary<string, string>();
            string? eventId = null;
            if (hasParams)
            {
                foreach (var prop in parameters.EnumerateObject())
                {
                    if (prop.Name is "event_id" or "omni_event_id" && prop.Value.ValueKind == JsonValueKind.String) eventId = prop.Value.GetString();
                    else if (ContextParams.Contains(prop.Name) && prop.Value.ValueKind == JsonValueKind.String) context[prop.Name] = prop.Value.GetString()!;
                    else properties[prop.Name] = prop.Value;
                }
            }
            ip ??= context.GetValueOrDefault("ip_override");
            userAgent ??= context.GetValueOrDefault("user_agent");
            var pageContext = new Dictionary<string, string>();
            if (context.TryGetValue("page_location", out var url)) pageContext["url"] = url;
            if (context.TryGetValue("page_referrer", out var referrer)) pageContext["referrer"] = referrer;
            if (context.TryGetValue("page_title", out var title)) pageContext["title"] = title;
            foreach (var (ga, ours) in new[] { ("campaign_source", "utm_source"), ("campaign_medium", "utm_medium"), ("campaign_name", "utm_campaign") })
                if (properties.Remove(ga, out var v) && v.ValueKind == JsonValueKind.String) pageContext[ours] = v.GetString()!;
            var propertiesJson = JsonSerializer.Serialize(properties);
            eventId ??= DerivedId(anonymousId, occurredAt, i, name, propertiesJson);
            if (eventId.Length is 0 or > 100) errors[$"{at}.params.event_id"] = ["event_id is 1 to 100 characters."];
            var page = name == "page_view";
            events.Add(new IntakeEvent(eventId, page ? "page" : "track", page ? "PageView" : name, anonymousId, propertiesJson,
                JsonSerializer.Serialize(pageContext), pageContext.GetValueOrDefault("url"), occurredAt, null));
            i++;
        }
        if (userId is { Length: > 0 and <= 200 })
            events.Add(new IntakeEvent(DerivedId(anonymousId, occurredAt, -1, "identify", userId), "identify", "Identify", anonymousId, "{}", "{}", null,
                occurredAt, new IdentifyTraits(null, null, userId, null)));
        if (errors.Count > 0) return ApiProblem.Validation(errors);

        var forwarded = IPAddress.TryParse(ip, out var parsed) ? parsed : http.Connection.RemoteIpAddress;
        var agent = userAgent ?? http.Request.Headers.UserAgent.ToString();
        var intake = new IntakeSource(source.Id, source.OrgId, [], source.PixelId, "none", source.AnonymizeIp, source.StoreUserAgent, true);
        var batch = new IntakeBatch(intake, events, ClientInfo.Ip(forwarded, source.AnonymizeIp),
            source.StoreUserAgent && agent.Length > 0 ? agent[..Math.Min(agent.Length, 1000)] : null, ClientInfo.IsBot(agent));
        var result = await writer.StoreAsync(batch, ct);
        return TypedResults.Ok(new IntakeResponse(result.Accepted, result.Duplicates));
    }

    private static string DerivedId(string anonymousId, DateTimeOffset at, int index, string name, string details) =>
        "gtm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{anonymousId}\n{at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\n{index}\n{name}\n{details}")))[..40];

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool TryMicros(JsonElement v, out DateTimeOffset at)
    {
        at = default;
        long micros;
        if (v.ValueKind == JsonValueKind.Number ? !v.TryGetInt64(out micros)
            : v.ValueKind != JsonValueKind.String || !long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out micros)) return false;
        if (micros is < 0 or > 253402300799999999) return false;
        at = DateTimeOffset.FromUnixTimeMilliseconds(micros / 1000);
        return true;
    }

    private sealed record GtmSource(Guid Id, Guid OrgId, string? PixelId, bool AnonymizeIp, bool StoreUserAgent, bool IsActive);

    private static Task<GtmSource?> FindAsync(NpgsqlDataSource dataSource, byte[] hash, CancellationToken ct) =>
        SystemLookup.FirstAsync(dataSource, "select id, org_id, pixel_id, anonymize_ip, store_user_agent, is_active from tracking.find_source_by_gtm_secret($1)",
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = hash },
            r => new GtmSource(r.GetGuid(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetBoolean(3), r.GetBoolean(4), r.GetBoolean(5)), ct);
}

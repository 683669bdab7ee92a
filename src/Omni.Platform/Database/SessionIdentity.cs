using System.Text.Json.Nodes;

namespace Omni.Platform.Database;

/// <summary>Who a transaction runs as: the role and the claims put in <c>request.jwt.claims</c>.</summary>
public sealed record SessionIdentity(DbRole Role, string ClaimsJson)
{
    public const string OrgClaim = "omni_org_id";

    /// <summary>A signed-in user: the verified token's own claims, plus the org the request acts in.</summary>
    public static SessionIdentity User(string tokenClaimsJson, Guid? orgId)
    {
        // The usual case, cheaply: a token's claims object without our claim, plus the org.
        var trimmed = tokenClaimsJson.AsSpan().Trim();
        if (!tokenClaimsJson.Contains(OrgClaim, StringComparison.Ordinal) && trimmed.Length > 2 && trimmed[0] == '{' && trimmed[^1] == '}')
        {
            return new SessionIdentity(DbRole.Authenticated, orgId is { } id
                ? $"{trimmed[..^1]},\"{OrgClaim}\":\"{id}\"}}"
                : tokenClaimsJson);
        }
        var claims = JsonNode.Parse(tokenClaimsJson)?.AsObject() ?? [];
        claims.Remove(OrgClaim);
        if (orgId is { } org) claims[OrgClaim] = org.ToString();
        return new SessionIdentity(DbRole.Authenticated, claims.ToJsonString());
    }

    /// <summary>System work for one org; <paramref name="actor"/> says what acts (an API key, a job...).</summary>
    public static SessionIdentity System(Guid orgId, string actor) =>
        new(DbRole.System, new JsonObject { ["role"] = "omni_system", [OrgClaim] = orgId.ToString(), ["omni_actor"] = actor }.ToJsonString());

    public static SessionIdentity Worker(string workerId) =>
        new(DbRole.Worker, new JsonObject { ["role"] = "omni_worker", ["omni_actor"] = workerId }.ToJsonString());

    public static SessionIdentity Anonymous { get; } = new(DbRole.Anon, """{"role":"anon"}""");
}

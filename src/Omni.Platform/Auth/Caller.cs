
namespace Omni.Platform.Auth;

public enum CallerKind { User, ApiKey }

/// <summary>Who is calling: a signed-in user (from a verified access token) or an org API key.</summary>
public sealed record Caller(
    CallerKind Kind,
    Guid? UserId,
    string? Email,
    string? TokenClaimsJson,
    Guid? ApiKeyId,
    Guid? ApiKeyOrgId,
    IReadOnlyList<string> Scopes)
{
    private const string ItemKey = "omni.caller";

    /// <summary>A stable id for partitioning (rate limits, idempotency keys) and logs.</summary>
    public string Id => Kind == CallerKind.User ? $"user:{UserId}" : $"key:{ApiKeyId}";

    public static Caller ForUser(Guid userId, string? email, string claimsJson) =>
        new(CallerKind.User, userId, email, claimsJson, null, null, []);

    public static Caller ForApiKey(Guid keyId, Guid orgId, IReadOnlyList<string> scopes) =>
        new(CallerKind.ApiKey, null, null, null, keyId, orgId, scopes);

    public static Caller? Find(HttpContext http) => http.Items.TryGetValue(ItemKey, out var c) ? c as Caller : null;

    public static Caller Get(HttpContext http) =>
        Find(http) ?? throw new InvalidOperationException("The request is not authenticated.");

    internal void AttachTo(HttpContext http) => http.Items[ItemKey] = this;
}

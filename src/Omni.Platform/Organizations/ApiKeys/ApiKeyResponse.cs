namespace Omni.Platform.Organizations.ApiKeys;

internal sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    internal static ApiKeyResponse From(Data.ApiKeyRow k) =>
        new(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt);
}

/// <summary>The one response that carries the secret: store it now, it is never shown again.</summary>
internal sealed record CreatedApiKeyResponse(
    Guid Id, string Name, string Key, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

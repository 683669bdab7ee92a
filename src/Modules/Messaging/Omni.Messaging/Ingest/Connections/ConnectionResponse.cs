using Omni.Messaging.Domain;

namespace Omni.Messaging.Ingest.Connections;

/// <summary>An ingest connection as clients see it: never its secret, only the secret's first characters.</summary>
internal sealed record ConnectionResponse(
    Guid Id,
    string ConnectionId,
    string Platform,
    string Name,
    Guid ChannelId,
    bool IsActive,
    string ApiSecretPrefix,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ConnectionResponse From(IngestConnection c) =>
        new(c.Id, c.ConnectionId, c.Platform, c.Name, c.ChannelId, c.IsActive, c.ApiSecretPrefix, c.LastUsedAt, c.CreatedAt, c.UpdatedAt);
}

/// <summary>The one response that carries <c>api_secret</c> (creation, rotation): store it now, it is never
/// shown again. The syncer sends it as <c>x-api-key</c> with <c>connection_id</c> and <c>platform</c>.</summary>
internal sealed record ConnectionWithSecretResponse(
    Guid Id,
    string ConnectionId,
    string Platform,
    string Name,
    Guid ChannelId,
    bool IsActive,
    string ApiSecret,
    string ApiSecretPrefix,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ConnectionWithSecretResponse From(IngestConnection c, string secret) =>
        new(c.Id, c.ConnectionId, c.Platform, c.Name, c.ChannelId, c.IsActive, secret, c.ApiSecretPrefix, c.LastUsedAt, c.CreatedAt, c.UpdatedAt);
}

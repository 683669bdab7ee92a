using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;

namespace Omni.Platform.Auth;

/// <summary>Finds the live key a presented secret belongs to (runs before the org is known, through the
/// definer function <c>omni.resolve_api_key</c>).</summary>
public sealed class ApiKeyResolver(NpgsqlDataSource dataSource)
{
    public Task<Caller?> ResolveAsync(string presentedKey, CancellationToken ct) =>
        SystemLookup.FirstAsync(dataSource, "select key_id, org_id, scopes from omni.resolve_api_key($1)",
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = ApiKeyCodec.Hash(presentedKey) },
            r => Caller.ForApiKey(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<string[]>(2)), ct);
}

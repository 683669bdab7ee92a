using Npgsql;
using NpgsqlTypes;

namespace Omni.Platform.Auth;

/// <summary>Finds the live key a presented secret belongs to (runs before the org is known, through the
/// definer function <c>omni.resolve_api_key</c>).</summary>
public sealed class ApiKeyResolver(NpgsqlDataSource dataSource)
{
    public async Task<Caller?> ResolveAsync(string presentedKey, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("set local role omni_system"),
                new NpgsqlBatchCommand("select key_id, org_id, scopes from omni.resolve_api_key($1)")
                {
                    Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = ApiKeyCodec.Hash(presentedKey) } },
                },
            },
        };
        Caller? caller = null;
        // Npgsql's reader skips statements that return no rows (SET): it starts on the function's rows.
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
                caller = Caller.ForApiKey(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2));
        }
        await tx.CommitAsync(ct);
        return caller;
    }
}

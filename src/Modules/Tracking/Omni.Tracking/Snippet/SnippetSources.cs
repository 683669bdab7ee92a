using Npgsql;
using NpgsqlTypes;

namespace Omni.Tracking.Snippet;

/// <summary>Finds the source of a write key before any org is known, through the definer function
/// <c>tracking.find_source_by_write_key</c> run as the system role (the only cross-org read the snippet makes).</summary>
internal sealed class SnippetSources(NpgsqlDataSource dataSource)
{
    public async Task<SnippetSource?> FindAsync(string writeKey, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("set local role omni_system"),
                new NpgsqlBatchCommand("select pixel_id, consent_mode, is_active from tracking.find_source_by_write_key($1)")
                {
                    Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = writeKey } },
                },
            },
        };
        SnippetSource? found = null;
        // Npgsql's reader skips statements that return no rows (SET): it starts on the function's rows.
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
                found = new SnippetSource(writeKey, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
        }
        await tx.CommitAsync(ct);
        return found;
    }
}

using Npgsql;

namespace Omni.Platform.Database;

/// <summary>Runs one read as the system role before any org is known (an API key, an ingest connection, a
/// tracking source found by its secret), in a short transaction of its own. The query is expected to call a
/// security-definer function, the only thing the system role may read across orgs.</summary>
public static class SystemLookup
{
    public static async Task<T?> FirstAsync<T>(NpgsqlDataSource dataSource, string sql, NpgsqlParameter parameter,
        Func<NpgsqlDataReader, T> read, CancellationToken ct) where T : class
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("set local role omni_system"),
                new NpgsqlBatchCommand(sql) { Parameters = { parameter } },
            },
        };
        T? found = null;
        // Npgsql's reader skips statements that return no rows (SET): it starts on the query's rows.
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct)) found = read(reader);
        }
        await tx.CommitAsync(ct);
        return found;
    }
}

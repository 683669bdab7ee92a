using Npgsql;
using Omni.Platform.Database;

namespace Omni.Projects.Data;

/// <summary>Raw SQL in the unit of work's session (RLS applies), with positional arguments whose types
/// Npgsql infers from their values (a null needs a cast in the SQL, e.g. <c>$3::date</c>).</summary>
internal static class SessionSql
{
    public static async Task<NpgsqlCommand> SqlAsync(this DbSession session, string sql, CancellationToken ct, params object?[] args)
    {
        var cmd = await session.CommandAsync(sql, ct);
        foreach (var arg in args) cmd.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        return cmd;
    }

    public static async Task<int> ExecAsync(this DbSession session, string sql, CancellationToken ct, params object?[] args)
    {
        await using var cmd = await session.SqlAsync(sql, ct, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T?> ScalarAsync<T>(this DbSession session, string sql, CancellationToken ct, params object?[] args)
    {
        await using var cmd = await session.SqlAsync(sql, ct, args);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }

    public static async Task<List<T>> ListAsync<T>(this DbSession session, string sql, Func<NpgsqlDataReader, T> map, CancellationToken ct, params object?[] args)
    {
        await using var cmd = await session.SqlAsync(sql, ct, args);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    public static async Task<T?> SingleAsync<T>(this DbSession session, string sql, Func<NpgsqlDataReader, T> map, CancellationToken ct, params object?[] args)
        where T : class =>
        (await session.ListAsync(sql, map, ct, args)).SingleOrDefault();

    public static Guid? GuidOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetGuid(i);

    public static string? StringOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateOnly? DateOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);

    public static DateTimeOffset? TimeOrNull(this NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    public static DateTimeOffset Time(this NpgsqlDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);
}

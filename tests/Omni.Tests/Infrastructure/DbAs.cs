using Npgsql;
using Omni.Platform.Database;

namespace Omni.Tests.Infrastructure;

/// <summary>Runs SQL the way the API does (its non-superuser login role, SET LOCAL ROLE, claims), to probe
/// RLS directly, around the API's own filters.</summary>
public static class DbAs
{
    public static SessionIdentity User(Guid userId, Guid? orgId) =>
        SessionIdentity.User($$"""{"sub":"{{userId}}","role":"authenticated","aud":"authenticated"}""", orgId);

    public static async Task<T> RunAsync<T>(TestDatabase db, SessionIdentity identity, Func<DbSession, Task<T>> work)
    {
        await using var source = NpgsqlDataSource.Create(db.App);
        await using var session = new DbSession(source);
        await session.BeginAsync(identity, CancellationToken.None);
        var result = await work(session);
        await session.RollbackAsync();
        return result;
    }

    public static async Task<long> CountAsync(DbSession session, string sql, params object[] args)
    {
        await using var cmd = session.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}

using System.Runtime.CompilerServices;
using Npgsql;

namespace Omni.Platform.Database;

/// <summary>One connection and one transaction for a unit of work (a request, a job), run the way PostgREST
/// runs a request: <c>SET LOCAL ROLE</c>, then <c>request.jwt.claims</c>, then the queries. Every module's
/// DbContext in the scope shares it. Disposing without commit rolls back.</summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<NpgsqlConnection, DbSession> ByConnection = [];

    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private SessionIdentity? _pending;

    public bool IsActive => _transaction is not null;
    public SessionIdentity? Identity { get; private set; }

    public NpgsqlConnection Connection =>
        _connection ?? throw new InvalidOperationException("The database session has not begun; the request pipeline or job runner begins it.");

    public NpgsqlTransaction Transaction =>
        _transaction ?? throw new InvalidOperationException("The database session has not begun.");

    /// <summary>Opens the connection, begins the transaction and sets role and claims in one round trip.</summary>
    public Task BeginAsync(SessionIdentity identity, CancellationToken ct) => BeginAsync<object?>(identity, null, null, ct);

    /// <summary>As <see cref="BeginAsync(SessionIdentity, CancellationToken)"/>, sending <paramref name="firstQuery"/>
    /// in the same round trip and handing its result to <paramref name="read"/>.</summary>
    public async Task<T> BeginAsync<T>(SessionIdentity identity, NpgsqlBatchCommand? firstQuery,
        Func<NpgsqlDataReader, CancellationToken, Task<T>>? read, CancellationToken ct)
    {
        await OpenAsync(ct);
        return await ApplyIdentityAsync(identity, firstQuery, read, ct);
    }

    /// <summary>Begins the session without a round trip of its own: role and claims are sent ahead of the
    /// first statement of the unit of work (PostgREST does the same) when it comes from a DbContext
    /// (<see cref="SessionSetupInterceptor"/>), or just before it (<see cref="CommandAsync"/>).
    /// Any other way to the connection would run as the login role, which has no rights: it fails closed.</summary>
    public async Task BeginDeferredAsync(SessionIdentity identity, CancellationToken ct)
    {
        await OpenAsync(ct);
        _pending = identity;
        Identity = identity;
    }

    /// <summary>Changes role and claims inside the running transaction (e.g. once the org is known).</summary>
    public Task SwitchAsync(SessionIdentity identity, CancellationToken ct)
    {
        if (_pending is null) return ApplyIdentityAsync<object?>(identity, null, null, ct);
        _pending = identity;
        Identity = identity;
        return Task.CompletedTask;
    }

    /// <summary>Sends deferred role and claims now (before work that does not go through a command).</summary>
    public async Task EnsureAppliedAsync(CancellationToken ct)
    {
        if (_pending is { } identity)
        {
            _pending = null;
            await ApplyIdentityAsync<object?>(identity, null, null, ct);
        }
    }

    /// <summary>The deferred role and claims as statements to run ahead of the first command, once.</summary>
    internal string? TakePendingSetup() => TakePendingStatements() is { } s ? $"{s.Role};{s.Claims};" : null;

    /// <summary>A batch in the session: deferred role and claims go ahead of its commands in the same round
    /// trip (they return no rows, so the reader starts on the first command's result).</summary>
    public NpgsqlBatch CreateBatch()
    {
        var batch = new NpgsqlBatch(Connection, Transaction);
        if (TakePendingStatements() is { } setup)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setup.Role));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setup.Claims));
        }
        return batch;
    }

    private (string Role, string Claims)? TakePendingStatements()
    {
        if (_pending is not { } identity) return null;
        _pending = null;
        // SET, not set_config(): a SET returns no rows, so the command's own result stays the first one.
        // The claims are JSON we serialized (control characters escaped); standard_conforming_strings is on.
        return ($"set local role {identity.Role.Sql()}", $"set local request.jwt.claims to '{identity.ClaimsJson.Replace("'", "''", StringComparison.Ordinal)}'");
    }

    internal bool HasPendingSetup => _pending is not null;

    internal static DbSession? For(System.Data.Common.DbConnection? connection) =>
        connection is NpgsqlConnection npgsql && ByConnection.TryGetValue(npgsql, out var session) ? session : null;

    private async Task OpenAsync(CancellationToken ct)
    {
        if (_transaction is not null) throw new InvalidOperationException("The database session has already begun.");
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            if (connection.PostgresParameters.TryGetValue("standard_conforming_strings", out var scs) && scs != "on")
                throw new InvalidOperationException("standard_conforming_strings must be on.");
            // No token: BEGIN goes out with the first command. A caller that gives up once the pool has handed
            // over the connection must not leave the connection open and out of the pool (it would never return).
            _transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
        ByConnection.AddOrUpdate(connection, this);
    }

    private async Task<T> ApplyIdentityAsync<T>(SessionIdentity identity, NpgsqlBatchCommand? firstQuery,
        Func<NpgsqlDataReader, CancellationToken, Task<T>>? read, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(Connection, Transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"set local role {identity.Role.Sql()}"));
        var claims = new NpgsqlBatchCommand("select set_config('request.jwt.claims', $1, true)");
        claims.Parameters.Add(new NpgsqlParameter { Value = identity.ClaimsJson });
        batch.BatchCommands.Add(claims);
        if (firstQuery is not null) batch.BatchCommands.Add(firstQuery);

        // Npgsql's reader skips statements that return no rows (SET): it starts on set_config's row.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        Identity = identity;
        if (firstQuery is null || read is null) return default!;
        await reader.NextResultAsync(ct);
        return await read(reader, ct);
    }

    /// <summary>A command in the session. Raw SQL uses positional parameters, which Npgsql sends as one
    /// statement, so deferred role and claims cannot be put ahead of it: they are sent first.</summary>
    public async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken ct)
    {
        await EnsureAppliedAsync(ct);
        return new NpgsqlCommand(sql, Connection, Transaction);
    }

    /// <summary>A command in a session whose role and claims are already set (begun with
    /// <see cref="BeginAsync(SessionIdentity, CancellationToken)"/>).</summary>
    public NpgsqlCommand CreateCommand(string sql) =>
        _pending is null
            ? new NpgsqlCommand(sql, Connection, Transaction)
            : throw new InvalidOperationException("The session's role and claims are deferred: use CommandAsync.");

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is null) return;
        await _transaction.CommitAsync(ct);
        await EndAsync();
    }

    public async Task RollbackAsync()
    {
        if (_transaction is null) return;
        try { await _transaction.RollbackAsync(); }
        finally { await EndAsync(); }
    }

    /// <summary>Always gives the connection back to the pool, whatever disposing the transaction throws.</summary>
    private async Task EndAsync()
    {
        _pending = null;
        Identity = null;
        var (transaction, connection) = (_transaction, _connection);
        (_transaction, _connection) = (null, null);
        if (connection is not null) ByConnection.Remove(connection);
        try
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            try { await RollbackAsync(); }
            catch (NpgsqlException) { await EndAsync(); }
            catch (InvalidOperationException) { await EndAsync(); }
        }
    }
}

using Npgsql;

namespace Omni.Platform.Database;

/// <summary>One connection and one transaction for a unit of work (a request, a job), run the way PostgREST
/// runs a request: <c>SET LOCAL ROLE</c>, then <c>request.jwt.claims</c>, then the queries. Every module's
/// DbContext in the scope shares it. Disposing without commit rolls back.</summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

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
        if (_transaction is not null) throw new InvalidOperationException("The database session has already begun.");
        _connection = await dataSource.OpenConnectionAsync(ct);
        _transaction = await _connection.BeginTransactionAsync(ct);
        return await ApplyIdentityAsync(identity, firstQuery, read, ct);
    }

    /// <summary>Changes role and claims inside the running transaction (e.g. once the org is known).</summary>
    public Task SwitchAsync(SessionIdentity identity, CancellationToken ct) => ApplyIdentityAsync<object?>(identity, null, null, ct);

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

    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

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

    private async Task EndAsync()
    {
        if (_transaction is not null) await _transaction.DisposeAsync();
        _transaction = null;
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
        Identity = null;
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

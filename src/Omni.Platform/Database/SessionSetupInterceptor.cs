using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Omni.Platform.Database;

/// <summary>Sends a session's deferred role and claims (see <see cref="DbSession.BeginDeferredAsync"/>)
/// before the first command a DbContext runs. A query carries them as a prefix, in the same round trip;
/// anything else (SaveChanges, ExecuteUpdate, raw SQL), which counts the rows each statement affected,
/// has them sent just before it.</summary>
internal sealed class SessionSetupInterceptor : DbCommandInterceptor
{
    public static SessionSetupInterceptor Instance { get; } = new();

    private static async ValueTask BeforeAsync(DbCommand command, CommandEventData eventData, CancellationToken ct)
    {
        if (DbSession.For(command.Connection) is not { } session) return;
        if (eventData.CommandSource is CommandSource.LinqQuery or CommandSource.FromSqlQuery)
        {
            if (session.TakePendingSetup() is { } setup) command.CommandText = setup + command.CommandText;
        }
        else
        {
            await session.EnsureAppliedAsync(ct);
        }
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    // The API only uses EF's async methods; a synchronous call on a deferred session would run without
    // role and claims, so it is refused rather than sent.
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Refuse(command, result);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Refuse(command, result);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Refuse(command, result);

    private static T Refuse<T>(DbCommand command, T result) =>
        DbSession.For(command.Connection)?.HasPendingSetup == true
            ? throw new InvalidOperationException("Use EF's async methods in a request session.")
            : result;
}

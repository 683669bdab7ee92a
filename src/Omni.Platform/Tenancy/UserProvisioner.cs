using System.Collections.Concurrent;
using Npgsql;
using Omni.Platform.Auth;
using Omni.Platform.Database;

namespace Omni.Platform.Tenancy;

/// <summary>Records a user the first time this process sees its token (and turns invitations sent to its
/// email into memberships). Its own short transaction, so a failing first request cannot undo it.</summary>
public sealed class UserProvisioner(NpgsqlDataSource dataSource)
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<Guid, byte> _seen = new();

    public async Task EnsureAsync(Caller caller, CancellationToken ct)
    {
        if (caller.Kind != CallerKind.User || _seen.ContainsKey(caller.UserId!.Value)) return;

        await using (var session = new DbSession(dataSource))
        {
            await session.BeginAsync(SessionIdentity.User(caller.TokenClaimsJson!, null), ct);
            await using (var cmd = session.CreateCommand("select omni.provision_current_user()"))
                await cmd.ExecuteNonQueryAsync(ct);
            await session.CommitAsync(ct);
        }
        if (_seen.Count >= MaxRemembered) _seen.Clear();
        _seen.TryAdd(caller.UserId.Value, 0);
    }
}

using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Auth;
using Omni.Platform.Database;

namespace Omni.Platform.Tenancy;

/// <summary>Records a user the first time this process sees its token, and turns invitations sent to its
/// email into memberships once the token shows the email is verified. Its own short transaction, so a
/// failing first request cannot undo it.</summary>
public sealed class UserProvisioner(NpgsqlDataSource dataSource, AuthSettings settings, MembershipCache memberships)
{
    private const int MaxRemembered = 100_000;

    // user id -> whether it was provisioned with a verified email (a later verified token provisions again).
    private readonly ConcurrentDictionary<Guid, bool> _seen = new();

    public async Task EnsureAsync(Caller caller, CancellationToken ct)
    {
        if (caller.Kind != CallerKind.User) return;
        var userId = caller.UserId!.Value;
        var verified = !settings.InvitationsRequireVerifiedEmail || EmailVerified(caller.TokenClaimsJson!);
        if (_seen.TryGetValue(userId, out var wasVerified) && (wasVerified || !verified)) return;

        await using (var session = new DbSession(dataSource))
        {
            await session.BeginAsync(SessionIdentity.User(caller.TokenClaimsJson!, null), ct);
            await using (var cmd = session.CreateCommand("select omni.provision_current_user($1)"))
            {
                cmd.Parameters.AddWithValue(NpgsqlDbType.Boolean, verified);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await session.CommitAsync(ct);
        }
        if (_seen.Count >= MaxRemembered) _seen.Clear();
        _seen[userId] = verified;
        memberships.Forget(userId); // accepted invitations are new memberships
    }

    /// <summary>Supabase Auth marks a confirmed email in <c>user_metadata.email_verified</c> (some tokens
    /// carry it at the top level).</summary>
    internal static bool EmailVerified(string claimsJson)
    {
        using var claims = JsonDocument.Parse(claimsJson);
        var root = claims.RootElement;
        return (root.TryGetProperty("email_verified", out var top) && top.ValueKind == JsonValueKind.True)
            || (root.TryGetProperty("user_metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
                && meta.TryGetProperty("email_verified", out var nested) && nested.ValueKind == JsonValueKind.True);
    }
}

using System.Collections.Concurrent;

namespace Omni.Platform.Tenancy;

/// <summary>A user's memberships (org and role) as last read, kept for <see cref="Lifetime"/> so that most
/// requests need no lookup before their first query. Only what was found is kept, and every membership
/// change made through this process forgets the user at once. Another instance's change can take up to
/// the lifetime to show here; meanwhile RLS, which checks memberships inside every query, still decides
/// what the user may read and write.</summary>
public sealed class MembershipCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxUsers = 100_000;

    private readonly ConcurrentDictionary<Guid, Entry> _byUser = new();

    private sealed record Entry(IReadOnlyList<Membership> Memberships, DateTimeOffset Until);

    public bool TryGet(Guid userId, out IReadOnlyList<Membership> memberships)
    {
        if (_byUser.TryGetValue(userId, out var entry) && entry.Until > clock.GetUtcNow())
        {
            memberships = entry.Memberships;
            return true;
        }
        memberships = [];
        return false;
    }

    public void Set(Guid userId, IReadOnlyList<Membership> memberships)
    {
        if (_byUser.Count >= MaxUsers) _byUser.Clear();
        _byUser[userId] = new Entry(memberships, clock.GetUtcNow() + Lifetime);
    }

    public void Forget(Guid userId) => _byUser.TryRemove(userId, out _);
}

public readonly record struct Membership(Guid OrgId, string Role);

namespace Omni.Platform.Tenancy;

/// <summary>Permissions are <c>resource:read</c>, <c>resource:write</c> or <c>resource:manage</c>.
/// Roles grant them by kind: every member reads; owners, admins and agents write; only owners and admins
/// manage (members, API keys, jobs). API keys carry explicit scopes: <c>*</c>, <c>resource:*</c> or a
/// permission, where <c>write</c> includes <c>read</c>.</summary>
public static class Permissions
{
    public static bool RoleAllows(string role, string permission)
    {
        var kind = KindOf(permission);
        return kind switch
        {
            "read" => OrgRoles.IsValid(role),
            "write" => role is OrgRoles.Owner or OrgRoles.Admin or OrgRoles.Agent,
            "manage" => role is OrgRoles.Owner or OrgRoles.Admin,
            _ => false,
        };
    }

    /// <summary>Managing who may act (members, API keys, the org itself) is for people, never for keys.</summary>
    public static readonly IReadOnlySet<string> UserOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "org:manage", "members:manage", "api_keys:manage",
    };

    public static bool ScopesAllow(IEnumerable<string> scopes, string permission)
    {
        if (UserOnly.Contains(permission)) return false;
        var resource = ResourceOf(permission);
        var kind = KindOf(permission);
        foreach (var scope in scopes)
        {
            if (scope == "*" || scope == permission || scope == resource + ":*") return true;
            if (kind == "read" && scope == resource + ":write") return true;
        }
        return false;
    }

    /// <summary>True for <c>*</c>, <c>resource:*</c> and any permission in <paramref name="known"/>.</summary>
    public static bool IsValidScope(string scope, IReadOnlySet<string> known) =>
        scope == "*" || (known.Contains(scope) && !UserOnly.Contains(scope)) || (scope.EndsWith(":*", StringComparison.Ordinal) && known.Any(k => ResourceOf(k) == scope[..^2]));

    private static string ResourceOf(string permission) => permission[..Math.Max(0, permission.IndexOf(':', StringComparison.Ordinal))];

    private static string KindOf(string permission) => permission[(permission.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

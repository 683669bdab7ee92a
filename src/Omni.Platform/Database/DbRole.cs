namespace Omni.Platform.Database;

/// <summary>The database role a unit of work runs as (<c>SET LOCAL ROLE</c>).</summary>
public enum DbRole
{
    /// <summary>Not signed in.</summary>
    Anon,
    /// <summary>A signed-in user; RLS admits the orgs it is a member of.</summary>
    Authenticated,
    /// <summary>Work the system does for one org (API keys, webhooks, ingest, job handlers).</summary>
    System,
    /// <summary>The job dispatcher: may touch omni.jobs across orgs and nothing else.</summary>
    Worker,
}

internal static class DbRoleNames
{
    public static string Sql(this DbRole role) => role switch
    {
        DbRole.Anon => "anon",
        DbRole.Authenticated => "authenticated",
        DbRole.System => "omni_system",
        DbRole.Worker => "omni_worker",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}

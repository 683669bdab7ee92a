using Omni.Platform.Auth;

namespace Omni.Platform.Tenancy;

/// <summary>The org a request (or job) acts in and who acts. Filled by the request session filter or the
/// job runner before any handler runs.</summary>
public sealed class RequestContext
{
    private Guid? _orgId;

    public Caller? Caller { get; internal set; }

    /// <summary>The member's role; null for API keys and system work.</summary>
    public string? Role { get; internal set; }

    public bool HasOrg => _orgId is not null;

    public Guid OrgId
    {
        get => _orgId ?? throw new InvalidOperationException("This request has no active org.");
        internal set => _orgId = value;
    }

    /// <summary>The signed-in user, when a user (not an API key or the system) acts.</summary>
    public Guid? UserId => Caller?.UserId;

    internal void Clear()
    {
        _orgId = null;
        Role = null;
        Caller = null;
    }

    /// <summary>Sets the org for system work (job handlers, webhook processing).</summary>
    public void ActAsSystem(Guid orgId)
    {
        _orgId = orgId;
        Role = null;
        Caller = null;
    }
}

using Omni.Platform.Auth;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Projects.Access;

/// <summary>Who may do what beyond the route's permission. A project's settings, columns and members are
/// changed by its owner, by the org's owners and admins (the roles holding <c>projects:manage</c>) and by API
/// keys scoped <c>projects:manage</c>. A task is changed by whoever writes, except that agents change only
/// the tasks assigned to them when the org says so (<c>agents_edit_assigned_only</c>).</summary>
internal sealed class ProjectAccess(RequestContext request, OrgMembers members)
{
    /// <summary>Roles that may be given tasks and project membership (viewers only read).</summary>
    public static readonly IReadOnlyList<string> WorkingRoles = [OrgRoles.Owner, OrgRoles.Admin, OrgRoles.Agent];

    public Guid? UserId => request.UserId;

    public bool IsOrgManager =>
        request.Role is OrgRoles.Owner or OrgRoles.Admin
        || (request.Caller is { Kind: CallerKind.ApiKey } key && Permissions.ScopesAllow(key.Scopes, ProjectsModule.Manage));

    public void EnsureMayManage(Guid projectOwnerId)
    {
        if (IsOrgManager || (request.UserId is { } me && me == projectOwnerId)) return;
        throw new ApiException(StatusCodes.Status403Forbidden, "project_manage_forbidden",
            "Only the project's owner and the org's owners and admins change a project's settings, columns and members.");
    }

    public async Task EnsureMayEditTaskAsync(Guid? assigneeId, CancellationToken ct)
    {
        if (!await members.MayEditAssignedAsync(assigneeId, ct))
            throw new ApiException(StatusCodes.Status403Forbidden, "task_not_assigned_to_you",
                "This org lets agents change only the tasks assigned to them.");
    }

    /// <summary>Whether <paramref name="userId"/> is an owner, admin or agent of the org.</summary>
    public Task<bool> IsWorkingMemberAsync(Guid userId, CancellationToken ct) => members.HasRoleAsync(userId, WorkingRoles, ct);
}

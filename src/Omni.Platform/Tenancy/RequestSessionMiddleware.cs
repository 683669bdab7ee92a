using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Auth;
using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Platform.Tenancy;

/// <summary>Marks the endpoints that run in a request session (every route under <c>/api/v1</c>).</summary>
internal sealed class UsesRequestSession;

/// <summary>Runs every authenticated API request in one database transaction as PostgREST would: resolves
/// the active org (the <c>X-Org-Id</c> header, or the caller's only org), checks the endpoint's permission
/// against the member's role or the API key's scopes, and begins the session with the matching role and
/// claims before the handler's parameters (its DbContexts) are bound. <see cref="RequestSessionCommitFilter"/>
/// commits once the handler succeeded; anything else rolls back.</summary>
internal sealed class RequestSessionMiddleware(RequestDelegate next)
{
    public const string OrgHeader = "X-Org-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<UsesRequestSession>() is null || Caller.Find(http) is null)
        {
            await next(http);
            return;
        }
        var session = http.RequestServices.GetRequiredService<DbSession>();
        try
        {
            var refusal = await BeginAsync(http, session);
            if (refusal is not null)
            {
                await session.RollbackAsync();
                await refusal.ExecuteAsync(http);
                return;
            }
            await next(http);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    private static async Task<ProblemHttpResult?> BeginAsync(HttpContext http, DbSession session)
    {
        var services = http.RequestServices;
        var caller = Caller.Get(http);
        var request = services.GetRequiredService<RequestContext>();
        var metadata = http.GetEndpoint()?.Metadata;
        var orgOptional = metadata?.GetMetadata<OrgOptional>() is not null;
        var permission = metadata?.GetMetadata<RequiredPermission>()?.Name;
        var ct = http.RequestAborted;

        Guid? requestedOrg = null;
        var routeOrg = metadata?.GetMetadata<OrgFromRoute>();
        if (routeOrg is not null)
        {
            if (!Guid.TryParse(http.Request.RouteValues[routeOrg.RouteValue]?.ToString(), out var fromRoute))
                return ApiProblem.NotFound();
            requestedOrg = fromRoute;
        }
        else if (http.Request.Headers[OrgHeader].ToString() is { Length: > 0 } header)
        {
            if (!Guid.TryParse(header, out var parsed))
                return ApiProblem.BadRequest("invalid_org_id", $"{OrgHeader} must be an org id (a UUID).");
            requestedOrg = parsed;
        }

        var refusal = caller.Kind == CallerKind.ApiKey
            ? await BeginForApiKeyAsync(caller, requestedOrg, session, request, ct)
            : await BeginForUserAsync(caller, requestedOrg, orgOptional, session, request, services, ct);
        // Outside the org a route names, the org is simply not there for this caller.
        if (refusal is not null)
            return routeOrg is not null && refusal.StatusCode == StatusCodes.Status403Forbidden ? ApiProblem.NotFound() : refusal;

        if (permission is not null && !Allowed(caller, request, permission))
            return ApiProblem.Forbidden("insufficient_permission", $"This needs the '{permission}' permission, which your role or key does not have.");
        return null;
    }

    private static async Task<ProblemHttpResult?> BeginForApiKeyAsync(
        Caller caller, Guid? requestedOrg, DbSession session, RequestContext request, CancellationToken ct)
    {
        var org = caller.ApiKeyOrgId!.Value;
        if (requestedOrg is { } r && r != org)
            return ApiProblem.Forbidden("org_mismatch", "This API key belongs to another org than the X-Org-Id header names.");
        await session.BeginDeferredAsync(SessionIdentity.System(org, caller.Id), ct);
        request.Caller = caller;
        request.OrgId = org;
        return null;
    }

    private static async Task<ProblemHttpResult?> BeginForUserAsync(Caller caller, Guid? requestedOrg, bool orgOptional,
        DbSession session, RequestContext request, IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<UserProvisioner>().EnsureAsync(caller, ct);
        request.Caller = caller;
        var userId = caller.UserId!.Value;

        // Endpoints that work across orgs (create, list) see all of the caller's orgs.
        if (orgOptional)
        {
            await session.BeginDeferredAsync(SessionIdentity.User(caller.TokenClaimsJson!, null), ct);
            return null;
        }

        // Known memberships: no lookup, role and claims go out with the request's first query.
        var cache = services.GetRequiredService<MembershipCache>();
        if (cache.TryGet(userId, out var known) && Choose(known, requestedOrg) is { } hit)
        {
            await session.BeginDeferredAsync(SessionIdentity.User(caller.TokenClaimsJson!, hit.OrgId), ct);
            request.OrgId = hit.OrgId;
            request.Role = hit.Role;
            return null;
        }

        var lookup = new NpgsqlBatchCommand("select org_id, role from omni.memberships where user_id = $1 order by created_at limit 1000")
        {
            Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = userId } },
        };
        var memberships = await session.BeginAsync(SessionIdentity.User(caller.TokenClaimsJson!, requestedOrg), lookup,
            async (reader, token) =>
            {
                var list = new List<Membership>();
                while (await reader.ReadAsync(token)) list.Add(new Membership(reader.GetGuid(0), reader.GetString(1)));
                return list;
            }, ct);
        if (memberships.Count > 0) cache.Set(userId, memberships);

        if (Choose(memberships, requestedOrg) is { } chosen)
        {
            if (requestedOrg is null) await session.SwitchAsync(SessionIdentity.User(caller.TokenClaimsJson!, chosen.OrgId), ct);
            request.OrgId = chosen.OrgId;
            request.Role = chosen.Role;
            return null;
        }
        if (requestedOrg is not null)
            return ApiProblem.Forbidden("not_a_member", "You are not a member of the org named by X-Org-Id.");
        return memberships.Count == 0
            ? ApiProblem.Forbidden("no_org", "You belong to no org yet: create one with POST /api/v1/orgs or ask to be invited.")
            : ApiProblem.BadRequest("org_required", "You belong to several orgs: say which one with the X-Org-Id header.");
    }

    /// <summary>The membership a request acts in: the one the header names, or the caller's only one.</summary>
    private static Membership? Choose(IReadOnlyList<Membership> memberships, Guid? requestedOrg)
    {
        if (requestedOrg is { } org)
        {
            foreach (var m in memberships)
                if (m.OrgId == org) return m;
            return null;
        }
        return memberships.Count == 1 ? memberships[0] : null;
    }

    private static bool Allowed(Caller caller, RequestContext request, string permission) =>
        caller.Kind == CallerKind.ApiKey
            ? Permissions.ScopesAllow(caller.Scopes, permission)
            : request.Role is { } role && Permissions.RoleAllows(role, permission);

}

/// <summary>Commits the request's transaction when the handler returned a success, before the response is
/// written (so a client never sees a 2xx for a change that did not commit); rolls back otherwise.</summary>
internal sealed class RequestSessionCommitFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var session = context.HttpContext.RequestServices.GetRequiredService<DbSession>();
        if (IsSuccess(result)) await session.CommitAsync(context.HttpContext.RequestAborted);
        else await session.RollbackAsync();
        return result;
    }

    private static bool IsSuccess(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result is not IStatusCodeHttpResult { StatusCode: >= 400 };
    }
}

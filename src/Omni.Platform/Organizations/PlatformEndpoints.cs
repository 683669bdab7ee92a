using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Omni.Platform.Jobs.Endpoints;
using Omni.Platform.Organizations.ApiKeys;
using Omni.Platform.Organizations.CreateOrg;
using Omni.Platform.Organizations.GetOrg;
using Omni.Platform.Organizations.ListOrgs;
using Omni.Platform.Organizations.Me;
using Omni.Platform.Organizations.Members;
using Omni.Platform.Organizations.UpdateOrg;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations;

internal static class PlatformEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMeEndpoint.Handle).WithTags("Me").WithoutActiveOrg().WithName("GetMe");

        var orgs = api.MapGroup("/orgs").WithTags("Orgs");
        orgs.MapPost("/", CreateOrgEndpoint.Handle).WithoutActiveOrg().WithName("CreateOrg");
        orgs.MapGet("/", ListOrgsEndpoint.Handle).WithoutActiveOrg().WithName("ListOrgs");
        orgs.MapGet("/{id:guid}", GetOrgEndpoint.Handle).ActsInRouteOrg().RequirePermission("org:read").WithName("GetOrg");
        orgs.MapPatch("/{id:guid}", UpdateOrgEndpoint.Handle).ActsInRouteOrg().RequirePermission("org:manage").WithName("UpdateOrg");

        var members = orgs.MapGroup("/{id:guid}").WithTags("Members").ActsInRouteOrg();
        members.MapGet("/members", ListMembersEndpoint.Handle).RequirePermission("members:read").WithName("ListMembers");
        members.MapPost("/members", AddMemberEndpoint.Handle).RequirePermission("members:manage").WithName("AddMember");
        members.MapPatch("/members/{userId:guid}", ChangeMemberRoleEndpoint.Handle).RequirePermission("members:manage").WithName("ChangeMemberRole");
        members.MapDelete("/members/{userId:guid}", RemoveMemberEndpoint.Handle).RequirePermission("members:read").WithName("RemoveMember")
            .WithDescription("Owners and admins remove anyone but the last owner; any member can remove themselves (leave).");
        members.MapGet("/invitations", ListInvitationsEndpoint.Handle).RequirePermission("members:manage").WithName("ListInvitations");
        members.MapDelete("/invitations/{invitationId:guid}", RevokeInvitationEndpoint.Handle).RequirePermission("members:manage").WithName("RevokeInvitation");

        var keys = api.MapGroup("/api-keys").WithTags("API keys");
        keys.MapPost("/", CreateApiKeyEndpoint.Handle).RequirePermission("api_keys:manage").WithName("CreateApiKey")
            .WithDescription("The key is in this response only; store it. Use it as `Authorization: Bearer <key>`.");
        keys.MapGet("/", ListApiKeysEndpoint.Handle).RequirePermission("api_keys:manage").WithName("ListApiKeys");
        keys.MapGet("/{id:guid}", GetApiKeyEndpoint.Handle).RequirePermission("api_keys:manage").WithName("GetApiKey");
        keys.MapDelete("/{id:guid}", RevokeApiKeyEndpoint.Handle).RequirePermission("api_keys:manage").WithName("RevokeApiKey");

        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", ListJobsEndpoint.Handle).RequirePermission("jobs:manage").WithName("ListJobs");
        jobs.MapGet("/{id:guid}", GetJobEndpoint.Handle).RequirePermission("jobs:manage").WithName("GetJob");
        jobs.MapPost("/{id:guid}/retry", RetryJobEndpoint.Handle).RequirePermission("jobs:manage").WithName("RetryJob");
    }
}

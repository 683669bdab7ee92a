using Microsoft.AspNetCore.Builder;

namespace Omni.Platform.Tenancy;

/// <summary>The permission an endpoint needs, checked once the caller's org and role are known.</summary>
public sealed record RequiredPermission(string Name);

/// <summary>Marks an endpoint that works without an active org (e.g. listing or creating orgs).</summary>
public sealed class OrgOptional;

public static class EndpointMetadataExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission));

    public static TBuilder WithoutActiveOrg<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OrgOptional());
}

/// <summary>The endpoint acts in the org named by a route value (<c>/orgs/{id}/...</c>) instead of the
/// <c>X-Org-Id</c> header; a caller outside that org gets 404, as for any resource it cannot see.</summary>
public sealed record OrgFromRoute(string RouteValue);

public static class OrgFromRouteExtensions
{
    public static TBuilder ActsInRouteOrg<TBuilder>(this TBuilder builder, string routeValue = "id") where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OrgFromRoute(routeValue));
}

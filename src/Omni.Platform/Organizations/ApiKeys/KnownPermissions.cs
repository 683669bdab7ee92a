using Microsoft.AspNetCore.Routing;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ApiKeys;

/// <summary>Every permission some endpoint requires: the valid API key scopes grow as modules add routes.</summary>
internal sealed class KnownPermissions(EndpointDataSource endpoints)
{
    private IReadOnlySet<string>? _all;

    public IReadOnlySet<string> All => _all ??= endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<RequiredPermission>()?.Name)
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);
}

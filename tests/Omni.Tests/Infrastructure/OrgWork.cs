using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Tests.Infrastructure;

/// <summary>Runs a module's services in one org the way a job does (as the system, in one transaction that
/// commits at the end): for calling a module contract, e.g. what a webhook job hands to Messaging.</summary>
public static class OrgWork
{
    public static async Task RunAsync(this TestApi api, Guid orgId, Func<IServiceProvider, Task> work)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(SessionIdentity.System(orgId, "test"), CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<RequestContext>().ActAsSystem(orgId);
        await work(scope.ServiceProvider);
        await session.CommitAsync(CancellationToken.None);
    }
}

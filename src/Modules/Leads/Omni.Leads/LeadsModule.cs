using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Leads;

/// <summary>Leads: sales pipelines with ordered stages, leads with attribution and an activity history,
/// automatic lead rules, conversions reported through Tracking, CSV import and export.</summary>
public static class LeadsModule
{
    public const string Read = "leads:read";
    public const string Write = "leads:write";
    public const string Manage = "leads:manage";

    public static IServiceCollection AddLeads(IServiceCollection services, IConfiguration config) => services;

    public static IEndpointRouteBuilder MapLeads(IEndpointRouteBuilder routes) => routes;
}

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Projects;

/// <summary>Projects: projects with members and board columns, tasks ordered by rank within a column,
/// checklists, comments, and links to contacts, leads and conversations.</summary>
public static class ProjectsModule
{
    public const string Read = "projects:read";
    public const string Write = "projects:write";
    public const string Manage = "projects:manage";

    public static IServiceCollection AddProjects(IServiceCollection services, IConfiguration config) => services;

    public static IEndpointRouteBuilder MapProjects(IEndpointRouteBuilder routes) => routes;
}

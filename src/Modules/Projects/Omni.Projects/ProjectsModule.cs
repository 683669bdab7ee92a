using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Activity;
using Omni.Projects.Checklist;
using Omni.Projects.Columns;
using Omni.Projects.Comments;
using Omni.Projects.CreateProject;
using Omni.Projects.CreateTask;
using Omni.Projects.Data;
using Omni.Projects.DeleteProject;
using Omni.Projects.DeleteTask;
using Omni.Projects.GetProject;
using Omni.Projects.GetTask;
using Omni.Projects.Links;
using Omni.Projects.ListProjects;
using Omni.Projects.ListTasks;
using Omni.Projects.MoveTask;
using Omni.Projects.OnContactChanged;
using Omni.Projects.ProjectMembers;
using Omni.Projects.UpdateProject;
using Omni.Projects.UpdateTask;

namespace Omni.Projects;

/// <summary>Projects: projects with members and board columns, tasks ordered by rank within a column,
/// checklists, comments, and links to contacts, leads and conversations.</summary>
public static class ProjectsModule
{
    public const string Read = "projects:read";
    public const string Write = "projects:write";
    public const string Manage = "projects:manage";

    public static IServiceCollection AddProjects(IServiceCollection services, IConfiguration config)
    {
        services.AddModuleDbContext<ProjectsDbContext>();
        services.AddValidatorsFrom(typeof(ProjectsModule).Assembly);
        services.AddScoped<ProjectAccess>();
        services.AddIntegrationEventHandler<ContactDeleted, ContactDeletedHandler>("projects.contact-deleted");
        services.AddIntegrationEventHandler<ContactsMerged, ContactMergedHandler>("projects.contact-merged");
        return services;
    }

    /// <summary>Every route needs <c>projects:read</c> or <c>projects:write</c>; a project's settings, columns
    /// and members are further limited to its owner and the org's owners and admins (docs/adr/0018).</summary>
    public static IEndpointRouteBuilder MapProjects(IEndpointRouteBuilder routes)
    {
        var projects = routes.MapGroup("/projects").WithTags("Projects");
        projects.MapPost("/", CreateProjectEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("CreateProject");
        projects.MapGet("/", ListProjectsEndpoint.Handle).RequirePermission(Read).WithName("ListProjects");
        projects.MapGet("/{id:guid}", GetProjectEndpoint.Handle).RequirePermission(Read).WithName("GetProject");
        projects.MapPatch("/{id:guid}", UpdateProjectEndpoint.Handle).RequirePermission(Write).WithName("UpdateProject");
        projects.MapDelete("/{id:guid}", DeleteProjectEndpoint.Handle).RequirePermission(Write).WithName("DeleteProject");
        projects.MapPost("/{id:guid}/members", AddProjectMemberEndpoint.Handle).RequirePermission(Write).WithName("AddProjectMember");
        projects.MapDelete("/{id:guid}/members/{userId:guid}", RemoveProjectMemberEndpoint.Handle).RequirePermission(Write)
            .WithName("RemoveProjectMember").ProducesProblem(StatusCodes.Status409Conflict);
        projects.MapGet("/{id:guid}/columns", ListColumnsEndpoint.Handle).RequirePermission(Read).WithName("ListColumns");
        projects.MapPost("/{id:guid}/columns", CreateColumnEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("CreateColumn")
            .ProducesProblem(StatusCodes.Status409Conflict);
        projects.MapPost("/{id:guid}/columns/reorder", ReorderColumnsEndpoint.Handle).RequirePermission(Write).WithName("ReorderColumns");
        projects.MapPatch("/{id:guid}/columns/{columnId:guid}", UpdateColumnEndpoint.Handle).RequirePermission(Write).WithName("UpdateColumn");
        projects.MapDelete("/{id:guid}/columns/{columnId:guid}", DeleteColumnEndpoint.Handle).RequirePermission(Write).WithName("DeleteColumn")
            .ProducesProblem(StatusCodes.Status409Conflict);
        projects.MapGet("/{id:guid}/tasks", ListProjectTasksEndpoint.Handle).RequirePermission(Read).WithName("ListProjectTasks");

        var tasks = routes.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("/", CreateTaskEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("CreateTask")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapGet("/", ListTasksEndpoint.Handle).RequirePermission(Read).WithName("ListTasks");
        tasks.MapGet("/{id:guid}", GetTaskEndpoint.Handle).RequirePermission(Read).WithName("GetTask");
        tasks.MapPatch("/{id:guid}", UpdateTaskEndpoint.Handle).RequirePermission(Write).WithName("UpdateTask");
        tasks.MapDelete("/{id:guid}", DeleteTaskEndpoint.Handle).RequirePermission(Write).WithName("DeleteTask");
        tasks.MapPost("/{id:guid}/move", MoveTaskEndpoint.Handle).RequirePermission(Write).WithName("MoveTask")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapGet("/{id:guid}/activity", ListActivityEndpoint.Handle).RequirePermission(Read).WithName("ListTaskActivity");
        tasks.MapPost("/{id:guid}/checklist", AddChecklistItemEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("AddChecklistItem")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{id:guid}/checklist/reorder", ReorderChecklistEndpoint.Handle).RequirePermission(Write).WithName("ReorderChecklist");
        tasks.MapPatch("/{id:guid}/checklist/{itemId:guid}", UpdateChecklistItemEndpoint.Handle).RequirePermission(Write).WithName("UpdateChecklistItem");
        tasks.MapPost("/{id:guid}/checklist/{itemId:guid}/toggle", ToggleChecklistItemEndpoint.Handle).RequirePermission(Write).WithName("ToggleChecklistItem");
        tasks.MapDelete("/{id:guid}/checklist/{itemId:guid}", RemoveChecklistItemEndpoint.Handle).RequirePermission(Write).WithName("RemoveChecklistItem");
        tasks.MapGet("/{id:guid}/comments", ListCommentsEndpoint.Handle).RequirePermission(Read).WithName("ListTaskComments");
        tasks.MapPost("/{id:guid}/comments", AddCommentEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("AddTaskComment");
        tasks.MapPatch("/{id:guid}/comments/{commentId:guid}", UpdateCommentEndpoint.Handle).RequirePermission(Write).WithName("UpdateTaskComment");
        tasks.MapDelete("/{id:guid}/comments/{commentId:guid}", DeleteCommentEndpoint.Handle).RequirePermission(Write).WithName("DeleteTaskComment");
        tasks.MapPost("/{id:guid}/links", AddLinkEndpoint.Handle).RequirePermission(Write).WithName("AddTaskLink")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        tasks.MapDelete("/{id:guid}/links/{linkId:guid}", RemoveLinkEndpoint.Handle).RequirePermission(Write).WithName("RemoveTaskLink");
        return routes;
    }
}

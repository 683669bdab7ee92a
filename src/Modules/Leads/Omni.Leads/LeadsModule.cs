using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Leads.Activities;
using Omni.Leads.AutoLeads;
using Omni.Leads.Contracts;
using Omni.Leads.CreateLead;
using Omni.Leads.Data;
using Omni.Leads.DeleteLead;
using Omni.Leads.Directory;
using Omni.Leads.ExportLeads;
using Omni.Leads.GetLead;
using Omni.Leads.ImportLeads;
using Omni.Leads.ListLeads;
using Omni.Leads.Notes;
using Omni.Leads.OnContactChanged;
using Omni.Leads.Pipelines.AddStage;
using Omni.Leads.Pipelines.CreatePipeline;
using Omni.Leads.Pipelines.DeletePipeline;
using Omni.Leads.Pipelines.DeleteStage;
using Omni.Leads.Pipelines.GetBoard;
using Omni.Leads.Pipelines.GetPipeline;
using Omni.Leads.Pipelines.ListPipelines;
using Omni.Leads.Pipelines.ReorderStages;
using Omni.Leads.Pipelines.UpdatePipeline;
using Omni.Leads.Pipelines.UpdateStage;
using Omni.Leads.Rules;
using Omni.Leads.UpdateLead;
using Omni.Messaging.Contracts;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;

namespace Omni.Leads;

/// <summary>Leads: sales pipelines with ordered stages, leads with attribution and an activity history,
/// automatic lead rules, conversions reported through Tracking, CSV import and export.</summary>
public static class LeadsModule
{
    public const string Read = "leads:read";
    public const string Write = "leads:write";
    public const string Manage = "leads:manage";

    public static IServiceCollection AddLeads(IServiceCollection services, IConfiguration config)
    {
        services.AddValidatorsFrom(typeof(LeadsModule).Assembly);
        services.AddScoped<PipelineStore>();
        services.AddScoped<LeadStore>();
        services.AddScoped<ActivityLog>();
        services.AddScoped<NoteStore>();
        services.AddScoped<RuleStore>();
        services.AddScoped<LeadWriter>();
        services.AddScoped<AutoLeadOpener>();
        services.AddScoped<ILeadDirectory, LeadDirectory>();
        services.ConfigureSwaggerGen(o => o.OperationFilter<CsvBodyDocumentation>());

        services.AddIntegrationEventHandler<ConversationStarted, ConversationStartedHandler>("leads.first-inbound-message");
        services.AddIntegrationEventHandler<EventTracked, EventTrackedHandler>("leads.event-tracked");
        services.AddIntegrationEventHandler<ContactsMerged, ContactMergedHandler>("leads.contact-merged");
        services.AddIntegrationEventHandler<ContactDeleted, ContactDeletedHandler>("leads.contact-deleted");
        return services;
    }

    public static IEndpointRouteBuilder MapLeads(IEndpointRouteBuilder routes)
    {
        var pipelines = routes.MapGroup("/pipelines").WithTags("Pipelines");
        pipelines.MapGet("/", ListPipelinesEndpoint.Handle).RequirePermission(Read).WithName("ListPipelines");
        pipelines.MapPost("/", CreatePipelineEndpoint.Handle).RequirePermission(Manage).WithIdempotency().WithName("CreatePipeline");
        pipelines.MapGet("/{id:guid}", GetPipelineEndpoint.Handle).RequirePermission(Read).WithName("GetPipeline");
        pipelines.MapPatch("/{id:guid}", UpdatePipelineEndpoint.Handle).RequirePermission(Manage).WithName("UpdatePipeline");
        pipelines.MapDelete("/{id:guid}", DeletePipelineEndpoint.Handle).RequirePermission(Manage).WithName("DeletePipeline")
            .ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapGet("/{id:guid}/board", GetBoardEndpoint.Handle).RequirePermission(Read).WithName("GetPipelineBoard");
        pipelines.MapPost("/{id:guid}/stages", AddStageEndpoint.Handle).RequirePermission(Manage).WithIdempotency().WithName("AddPipelineStage")
            .ProducesProblem(StatusCodes.Status409Conflict);
        pipelines.MapPut("/{id:guid}/stages/order", ReorderStagesEndpoint.Handle).RequirePermission(Manage).WithName("ReorderPipelineStages");
        pipelines.MapPatch("/{id:guid}/stages/{stageId:guid}", UpdateStageEndpoint.Handle).RequirePermission(Manage).WithName("UpdatePipelineStage");
        pipelines.MapDelete("/{id:guid}/stages/{stageId:guid}", DeleteStageEndpoint.Handle).RequirePermission(Manage).WithName("DeletePipelineStage")
            .ProducesProblem(StatusCodes.Status409Conflict);

        var leads = routes.MapGroup("/leads").WithTags("Leads");
        leads.MapPost("/", CreateLeadEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("CreateLead");
        leads.MapGet("/", ListLeadsEndpoint.Handle).RequirePermission(Read).WithName("ListLeads");
        leads.MapGet("/{id:guid}", GetLeadEndpoint.Handle).RequirePermission(Read).WithName("GetLead");
        leads.MapPatch("/{id:guid}", UpdateLeadEndpoint.Handle).RequirePermission(Write).WithName("UpdateLead");
        leads.MapDelete("/{id:guid}", DeleteLeadEndpoint.Handle).RequirePermission(Write).WithName("DeleteLead");
        leads.MapPost("/{id:guid}/notes", AddNoteEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("AddLeadNote");
        leads.MapGet("/{id:guid}/notes", ListNotesEndpoint.Handle).RequirePermission(Read).WithName("ListLeadNotes");
        leads.MapGet("/{id:guid}/activities", ListActivitiesEndpoint.Handle).RequirePermission(Read).WithName("ListLeadActivities");
        leads.MapPost("/import", ImportLeadsEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("ImportLeads")
            .Accepts<ImportLeadsRequest>("text/csv", "application/json").WithMetadata(new TakesCsvBody())
            .WithSummary("Import leads from CSV (dry_run=true checks and changes nothing)")
            .WithDescription(ImportDescription);
        leads.MapGet("/export", ExportLeadsEndpoint.Handle).RequirePermission(Read).WithName("ExportLeads")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").WithSummary("Export the leads the list's filters keep, as CSV");

        var rules = leads.MapGroup("/rules").WithTags("Lead rules");
        rules.MapGet("/", ListRulesEndpoint.Handle).RequirePermission(Manage).WithName("ListLeadRules");
        rules.MapPost("/", CreateRuleEndpoint.Handle).RequirePermission(Manage).WithIdempotency().WithName("CreateLeadRule");
        rules.MapGet("/{id:guid}", GetRuleEndpoint.Handle).RequirePermission(Manage).WithName("GetLeadRule");
        rules.MapPut("/{id:guid}", UpdateRuleEndpoint.Handle).RequirePermission(Manage).WithName("UpdateLeadRule");
        rules.MapDelete("/{id:guid}", DeleteRuleEndpoint.Handle).RequirePermission(Manage).WithName("DeleteLeadRule");
        return routes;
    }

    private const string ImportDescription = """
        The body is the CSV (`text/csv`), or JSON `{"csv": "..."}`; at most 1 MiB and 5000 rows (413 beyond). The header row names the
        columns: `title` (required), `value`, `currency`, `stage` (a stage name of `pipeline_id`, by default the org's default pipeline),
        `status` (open, won or lost: the first stage of that kind when no stage is named), `lost_reason`, `source`, `email` or `phone`
        (the contact, made when new), `contact_id`, `assignee_email` or `assignee_id` (a member), `expected_close_date` (yyyy-mm-dd),
        `custom_fields` (a JSON object); any other column becomes a custom field. An export's `id`, `pipeline_id`, `stage_id` and
        `created_at` columns are ignored, so an export imports back. Rows are numbered as the file's lines (the header is line 1).
        `dry_run=true` checks every row and reports the errors without changing anything. A real run is all or nothing: when any row
        is invalid nothing is imported and the answer is 400 with the errors keyed `rows[line].field`.
        """;
}

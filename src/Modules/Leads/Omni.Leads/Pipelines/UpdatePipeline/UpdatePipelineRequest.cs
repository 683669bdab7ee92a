using System.Text.Json.Serialization;
using FluentValidation;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Pipelines.UpdatePipeline;

/// <summary>Fields left out stay as they are. <c>conversion_event</c> null turns reporting off;
/// <c>conversion_stage_id</c> null reports on any won stage.</summary>
internal sealed record UpdatePipelineRequest(
    string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> ConversionEvent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<Guid?> ConversionStageId) : IHasExample<UpdatePipelineRequest>
{
    public static UpdatePipelineRequest Example => new("Enterprise sales (EMEA)", "Purchase", default);
}

internal sealed class UpdatePipelineValidator : AbstractValidator<UpdatePipelineRequest>
{
    public UpdatePipelineValidator()
    {
        RuleFor(r => r.Name).Must(n => n is null || n.Trim().Length is > 0 and <= 200).WithMessage("name must be 1 to 200 characters.");
        RuleFor(r => r.ConversionEvent.Value).Must(e => e is null || e.Trim().Length is > 0 and <= 100)
            .WithMessage("conversion_event must be 1 to 100 characters.").OverridePropertyName("conversion_event");
    }
}

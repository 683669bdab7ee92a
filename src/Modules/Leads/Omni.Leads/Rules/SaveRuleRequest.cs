using FluentValidation;
using Omni.Leads.Data;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Rules;

/// <summary>An automatic lead rule. <c>trigger</c>: <c>first_inbound_message</c> (a contact's first message
/// in a conversation, on <c>channel_id</c> or any channel) or <c>tracked_event</c> (a tracked event named
/// <c>event_name</c>, e.g. <c>Lead</c>, for a known contact). The lead opens in <c>stage_id</c> (by default
/// the first open stage of <c>pipeline_id</c>, by default the org's default pipeline), unless the contact
/// already has an open lead.</summary>
internal sealed record SaveRuleRequest(string Name, string Trigger, Guid? ChannelId, string? EventName, Guid? PipelineId, Guid? StageId,
    Guid? AssigneeId, string? Source, bool? IsActive) : IHasExample<SaveRuleRequest>
{
    public static SaveRuleRequest Example => new("Leads from the site's form", RuleTriggers.TrackedEvent, null, "Lead", null, null, null, "website", true);
}

internal sealed class SaveRuleValidator : AbstractValidator<SaveRuleRequest>
{
    public SaveRuleValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Trigger).Must(RuleTriggers.IsValid).WithMessage("trigger must be first_inbound_message or tracked_event.");
        RuleFor(r => r.EventName).NotEmpty().MaximumLength(200).When(r => r.Trigger == RuleTriggers.TrackedEvent)
            .WithMessage("event_name (1 to 200 characters) is required for tracked_event.");
        RuleFor(r => r.EventName).Null().When(r => r.Trigger == RuleTriggers.FirstInboundMessage).WithMessage("event_name is for tracked_event rules.");
        RuleFor(r => r.ChannelId).Null().When(r => r.Trigger == RuleTriggers.TrackedEvent).WithMessage("channel_id is for first_inbound_message rules.");
        RuleFor(r => r.Source).MaximumLength(100);
    }
}

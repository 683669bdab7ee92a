using System.Text.Json.Serialization;
using FluentValidation;
using Omni.Messaging.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Messaging.Inbox.UpdateConversation;

/// <summary>Fields left out stay as they are. <c>status</c>: <c>open</c>, <c>pending</c>, <c>resolved</c> or
/// <c>snoozed</c> (with <c>snoozed_until</c>, a time in the future; it comes back as <c>open</c> then, or
/// earlier when the contact writes). <c>assignee_id</c>: a member of the org who may handle conversations
/// (owner, admin or agent); null unassigns. <c>priority</c>: <c>none</c>, <c>low</c>, <c>medium</c>,
/// <c>high</c>, <c>urgent</c>. <c>labels</c> replaces the list (lowercased, at most 20 of 50 characters).</summary>
internal sealed record UpdateConversationRequest(
    string? Status,
    DateTimeOffset? SnoozedUntil,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<Guid?> AssigneeId,
    string? Priority,
    List<string>? Labels) : IHasExample<UpdateConversationRequest>
{
    public static readonly IReadOnlyList<string> Priorities = ["none", "low", "medium", "high", "urgent"];

    public static UpdateConversationRequest Example => new("pending", null, default, "high", ["billing", "vip"]);

    public bool ChangesSomething => Status is not null || SnoozedUntil is not null || AssigneeId.IsSet || Priority is not null || Labels is not null;
}

internal sealed class UpdateConversationValidator : AbstractValidator<UpdateConversationRequest>
{
    public UpdateConversationValidator()
    {
        RuleFor(r => r).Must(r => r.ChangesSomething).OverridePropertyName("body")
            .WithMessage("Give at least one of status, snoozed_until, assignee_id, priority, labels.");
        RuleFor(r => r.Status).Must(s => ConversationStatuses.All.Contains(s!)).When(r => r.Status is not null)
            .WithMessage($"status must be one of {string.Join(", ", ConversationStatuses.All)}.");
        RuleFor(r => r.SnoozedUntil).NotNull().When(r => r.Status == ConversationStatuses.Snoozed)
            .WithMessage("snoozed_until is required to snooze a conversation.");
        RuleFor(r => r.SnoozedUntil).Must(t => t > DbClock.Now).When(r => r.Status == ConversationStatuses.Snoozed && r.SnoozedUntil is not null)
            .WithMessage("snoozed_until must be in the future.");
        RuleFor(r => r.SnoozedUntil).Null().When(r => r.Status != ConversationStatuses.Snoozed)
            .WithMessage("snoozed_until goes with status snoozed.");
        RuleFor(r => r.Priority).Must(p => UpdateConversationRequest.Priorities.Contains(p!)).When(r => r.Priority is not null)
            .WithMessage($"priority must be one of {string.Join(", ", UpdateConversationRequest.Priorities)}.");
        RuleFor(r => r.Labels).Must(l => l!.Count <= LabelRules.MaxCount).When(r => r.Labels is not null)
            .WithMessage($"A conversation has at most {LabelRules.MaxCount} labels.");
        RuleForEach(r => r.Labels).Must(LabelRules.IsValid)
            .WithMessage($"A label is 1 to {LabelRules.MaxLength} characters, without control characters.");
    }
}

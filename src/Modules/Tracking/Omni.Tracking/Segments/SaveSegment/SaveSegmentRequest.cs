using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Tracking.Segments.SaveSegment;

/// <summary>A saved segment: contacts for whom every condition in <c>rules.conditions</c> holds.
/// Condition types: <c>event</c> (<c>name</c> done at least <c>min_count</c> times in the last <c>within_days</c>),
/// <c>property</c> (an event, optionally of name <c>event</c>, whose <c>properties[key]</c> <c>equals</c> or
/// <c>contains</c> <c>value</c>, in the last <c>within_days</c>), <c>url</c> (a page view whose URL
/// <c>contains</c> or starts with (<c>prefix</c>) <c>value</c>, in the last <c>within_days</c>), <c>score</c>
/// (conversion score between <c>min</c> and <c>max</c>), <c>channel</c> (has a conversation on a channel of
/// <c>channel_type</c>). <c>within_days</c> defaults to 30, <c>min_count</c> to 1. Events count for a contact
/// once they carry its contact id (after identify).</summary>
internal sealed record SaveSegmentRequest(string Name, SegmentRules Rules) : IHasExample<SaveSegmentRequest>
{
    public static SaveSegmentRequest Example => new("Hot pricing visitors", SegmentRules.Example);
}

internal sealed class SaveSegmentValidator : AbstractValidator<SaveSegmentRequest>
{
    public SaveSegmentValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Rules).NotNull().SetValidator(new SegmentRulesValidator());
    }
}

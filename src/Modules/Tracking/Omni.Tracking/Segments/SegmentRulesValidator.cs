using FluentValidation;

namespace Omni.Tracking.Segments;

internal sealed class SegmentRulesValidator : AbstractValidator<SegmentRules>
{
    public SegmentRulesValidator()
    {
        RuleFor(r => r.Conditions).NotNull().Must(c => c is { Count: > 0 and <= SegmentConditionTypes.MaxConditions })
            .WithMessage($"conditions holds 1 to {SegmentConditionTypes.MaxConditions} conditions.");
        RuleForEach(r => r.Conditions).NotNull().SetValidator(new SegmentConditionValidator());
    }
}

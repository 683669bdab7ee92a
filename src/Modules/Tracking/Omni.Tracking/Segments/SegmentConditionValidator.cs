using FluentValidation;

namespace Omni.Tracking.Segments;

internal sealed class SegmentConditionValidator : AbstractValidator<SegmentCondition>
{
    public SegmentConditionValidator()
    {
        RuleFor(c => c.Type).Must(t => SegmentConditionTypes.All.Contains(t))
            .WithMessage($"type must be one of {string.Join(", ", SegmentConditionTypes.All)}.");
        RuleFor(c => c.WithinDays).InclusiveBetween(1, 3650);
        When(c => c.Type == SegmentConditionTypes.Event, () =>
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.MinCount).InclusiveBetween(1, 100_000);
        });
        When(c => c.Type == SegmentConditionTypes.Property, () =>
        {
            RuleFor(c => c.Key).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Op).Must(o => o is "equals" or "contains").WithMessage("op must be equals or contains.");
            RuleFor(c => c.Value).NotEmpty().MaximumLength(1000);
            RuleFor(c => c.Event).MaximumLength(200);
        });
        When(c => c.Type == SegmentConditionTypes.Url, () =>
        {
            RuleFor(c => c.Op).Must(o => o is "contains" or "prefix").WithMessage("op must be contains or prefix.");
            RuleFor(c => c.Value).NotEmpty().MaximumLength(2000);
        });
        When(c => c.Type == SegmentConditionTypes.Score, () =>
        {
            RuleFor(c => c.Min).InclusiveBetween(0, 1);
            RuleFor(c => c.Max).InclusiveBetween(0, 1);
            RuleFor(c => c).Must(c => c.Min is not null || c.Max is not null).WithName("min").WithMessage("A score condition needs min or max.");
            RuleFor(c => c).Must(c => c.Min is null || c.Max is null || c.Min <= c.Max).WithName("max").WithMessage("max must not be below min.");
        });
        When(c => c.Type == SegmentConditionTypes.Channel, () =>
            RuleFor(c => c.ChannelType).Must(t => t is not null && SegmentConditionTypes.ChannelTypes.Contains(t))
                .WithMessage($"channel_type must be one of {string.Join(", ", SegmentConditionTypes.ChannelTypes)}."));
        When(c => c.Type == SegmentConditionTypes.LeadStage, () =>
            RuleFor(c => c.StageId).NotNull().NotEqual(Guid.Empty).WithMessage("A lead_stage condition needs stage_id."));
    }
}

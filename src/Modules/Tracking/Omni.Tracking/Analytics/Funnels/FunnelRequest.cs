using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Tracking.Analytics.Funnels;

/// <summary>A funnel over events between <c>from</c> and <c>to</c> (default: the last 30 days). A person (a contact,
/// or an anonymous visitor not yet identified; anonymous ids linked to a contact count as that contact) completes
/// step n when, after completing step n-1, it does step n within <c>window_hours</c> (default 168) of its first
/// step 1 in the range.</summary>
internal sealed record FunnelRequest(IReadOnlyList<FunnelStep> Steps, DateTimeOffset? From, DateTimeOffset? To, int? WindowHours) : IHasExample<FunnelRequest>
{
    public static FunnelRequest Example => new(
        [new FunnelStep("Page View", "path", "/pricing"), new FunnelStep("Added To Cart"), new FunnelStep("Purchase")], null, null, 168);
}

internal sealed class FunnelValidator : AbstractValidator<FunnelRequest>
{
    public FunnelValidator()
    {
        RuleFor(r => r.Steps).NotNull().Must(s => s is { Count: >= 2 and <= 10 }).WithMessage("steps holds 2 to 10 steps.");
        RuleForEach(r => r.Steps).ChildRules(step =>
        {
            step.RuleFor(s => s.Name).NotEmpty().MaximumLength(200);
            step.RuleFor(s => s.PropertyKey).NotEmpty().MaximumLength(200).When(s => s.PropertyValue is not null);
            step.RuleFor(s => s.PropertyValue).NotNull().MaximumLength(1000).When(s => s.PropertyKey is not null);
        });
        RuleFor(r => r.WindowHours).InclusiveBetween(1, 24 * 366);
        RuleFor(r => r.To).Must((r, to) => r.From is null || to is null || to > r.From).WithMessage("to must be after from.");
    }
}

using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Tracking.Scores.Training;

/// <summary><c>conversion_events</c>: the event names that count as converting (default: those of the current
/// model, else <c>Purchase</c> and <c>Lead</c>). A contact converted when it did one of them; its features
/// are taken from before its first conversion.</summary>
internal sealed record TrainScoresRequest(IReadOnlyList<string>? ConversionEvents) : IHasExample<TrainScoresRequest>
{
    public static TrainScoresRequest Example => new(["Purchase", "Lead"]);
}

internal sealed class TrainScoresValidator : AbstractValidator<TrainScoresRequest>
{
    public TrainScoresValidator()
    {
        RuleFor(r => r.ConversionEvents).Must(e => e is null || (e.Count is > 0 and <= 20 && e.All(n => !string.IsNullOrWhiteSpace(n) && n.Length <= 200)))
            .WithMessage("conversion_events holds 1 to 20 event names.");
    }
}

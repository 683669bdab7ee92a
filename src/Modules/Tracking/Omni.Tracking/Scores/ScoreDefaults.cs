using Microsoft.Extensions.Configuration;

namespace Omni.Tracking.Scores;

/// <summary>What counts as a conversion unless a training request names other events:
/// <c>Omni:Tracking:ConversionEvents</c> (default <c>Purchase</c> and <c>Lead</c>, Meta's standard names).</summary>
internal sealed class ScoreDefaults(IConfiguration config)
{
    public IReadOnlyList<string> ConversionEvents =>
        config.GetSection("Omni:Tracking:ConversionEvents").Get<string[]>() is { Length: > 0 } names ? names : ["Purchase", "Lead"];

    public TimeSpan TrainInterval => config.GetValue("Omni:Tracking:ScoreTrainInterval", TimeSpan.FromDays(1));
}

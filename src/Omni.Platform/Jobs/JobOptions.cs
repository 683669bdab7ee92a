using Microsoft.Extensions.Configuration;

namespace Omni.Platform.Jobs;

/// <summary><c>Omni:Jobs:*</c>.</summary>
public sealed class JobOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Jobs this instance runs at once.</summary>
    public int Concurrency { get; set; } = 4;
    /// <summary>How long a claim holds before another worker may take the job over. A running job's lease
    /// is renewed every third of this, so it only lapses when its worker stops (crash, stall, partition).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A handler still running after this long is cancelled and the attempt counts as failed.</summary>
    public TimeSpan MaxRunTime { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int DefaultMaxAttempts { get; set; } = 8;
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan KeepSucceeded { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan KeepIdempotencyKeys { get; set; } = TimeSpan.FromHours(24);

    public static JobOptions From(IConfiguration config) => config.GetSection("Omni:Jobs").Get<JobOptions>() ?? new JobOptions();

    /// <summary>Exponential backoff with jitter: between half and all of base·2^(attempt-1), capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exp = BaseBackoff.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exp, MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
    }
}

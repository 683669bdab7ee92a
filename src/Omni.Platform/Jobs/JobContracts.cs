using System.Text.Json;

namespace Omni.Platform.Jobs;

/// <summary>A claimed job as its handler sees it. <see cref="Attempt"/> starts at 1.</summary>
public sealed record JobContext(Guid Id, Guid? OrgId, string Type, int Attempt, int MaxAttempts, JsonElement Payload);

/// <summary>Does one type of job. Runs in a scope whose database session acts as the system for the job's
/// org; its writes commit together with the job's completion, or not at all.</summary>
public interface IJobHandler
{
    Task HandleAsync(JobContext job, CancellationToken ct);
}

/// <summary>Ask for the job to run again after <see cref="Delay"/> (a provider said "retry after").</summary>
public sealed class JobRetryException(TimeSpan delay, string reason) : Exception(reason)
{
    public TimeSpan Delay { get; } = delay;
}

/// <summary>The job can never succeed (bad payload, missing resource): dead-letter it now.</summary>
public sealed class JobPermanentFailureException(string reason) : Exception(reason);

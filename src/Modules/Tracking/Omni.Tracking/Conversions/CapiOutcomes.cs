namespace Omni.Tracking.Conversions;

/// <summary>Reads an answer by Graph <c>error.code</c> (Meta's retry advice); the HTTP status decides only
/// when the body has no Graph error. Re-sending is safe (Meta deduplicates event_name + event_id), so every
/// failure that may pass is retried, including a request that got no answer.</summary>
internal static class CapiOutcomes
{
    /// <summary>Rate limits: application (4), user (17), page (32), per-call-type (613), ad account (80004).</summary>
    public static readonly IReadOnlySet<int> Throttled = new HashSet<int> { 4, 17, 32, 613, 80004 };

    /// <summary>Unknown (1), service temporarily unavailable (2).</summary>
    public static readonly IReadOnlySet<int> Transient = new HashSet<int> { 1, 2 };

    public const int InvalidToken = 190;

    public static CapiOutcome Of(CapiAnswer answer)
    {
        if (answer.Unreachable is { } reason) return new CapiOutcome(CapiOutcomeKind.Transient, "unreachable", $"Meta could not be reached: {reason}");
        if (answer.IsSuccess) return new CapiOutcome(CapiOutcomeKind.Sent, null, null);
        if (answer.Error is { } e)
        {
            if (Throttled.Contains(e.Code)) return new CapiOutcome(CapiOutcomeKind.Throttled, $"graph_{e.Code}", e.ToString());
            if (e.Code == InvalidToken) return new CapiOutcome(CapiOutcomeKind.InvalidToken, "invalid_token", e.ToString());
            if (Transient.Contains(e.Code) || e.IsTransient || answer.Status >= 500) return new CapiOutcome(CapiOutcomeKind.Transient, $"graph_{e.Code}", e.ToString());
            return new CapiOutcome(CapiOutcomeKind.Rejected, $"graph_{e.Code}", e.ToString());
        }
        return answer.Status switch
        {
            401 => new CapiOutcome(CapiOutcomeKind.InvalidToken, "invalid_token", "Meta answered 401."),
            429 => new CapiOutcome(CapiOutcomeKind.Throttled, "http_429", "Meta answered 429."),
            >= 500 or 408 => new CapiOutcome(CapiOutcomeKind.Transient, $"http_{answer.Status}", $"Meta answered {answer.Status}."),
            _ => new CapiOutcome(CapiOutcomeKind.Rejected, $"http_{answer.Status}", $"Meta answered {answer.Status} without an error object."),
        };
    }
}

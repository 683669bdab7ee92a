using Omni.Channels.Contracts;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>What a Graph answer to a send means, by <c>error.code</c> (Meta's advice; the HTTP status only
/// decides when there is no Graph error in the body). Throttling has no Retry-After on this platform, so
/// <see cref="SendOutcome.RetryAfter"/> stays null and the job backs off with jitter.</summary>
internal static class WhatsAppErrors
{
    /// <summary>API too many calls (4), WABA rate limit (80007), per-number throughput (130429),
    /// same recipient too often (131056).</summary>
    public static readonly IReadOnlySet<int> Throttled = new HashSet<int> { 4, 80007, 130429, 131056 };

    /// <summary>Unknown (1), service temporarily unavailable (2), something went wrong (131000), service unavailable (131016).</summary>
    public static readonly IReadOnlySet<int> Transient = new HashSet<int> { 1, 2, 131000, 131016 };

    public const int WindowClosed = 131047;

    /// <summary>Auth failed (0), token expired or invalid (190), permission missing (10, 200-299): the
    /// channel's credentials need attention, not this message.</summary>
    public static bool IsCredentialProblem(int code) => code is 0 or 190 or 10 or (>= 200 and <= 299);

    public static SendOutcome ToOutcome(GraphResponse response)
    {
        if (response.Error is { } e)
        {
            if (Throttled.Contains(e.Code)) return new SendOutcome(SendOutcomeKind.RateLimited, ErrorCode: Code(e.Code), ErrorText: e.Text);
            if (Transient.Contains(e.Code) || (response.Status >= 500 && !IsCredentialProblem(e.Code)))
                return new SendOutcome(SendOutcomeKind.Unavailable, ErrorCode: Code(e.Code), ErrorText: e.Text);
            if (e.Code == WindowClosed) return new SendOutcome(SendOutcomeKind.WindowClosed, ErrorCode: "window_closed", ErrorText: e.Text);
            if (IsCredentialProblem(e.Code)) return new SendOutcome(SendOutcomeKind.CredentialsRejected, ErrorCode: "credentials_rejected", ErrorText: e.ToString());
            // 100, 131026, 131051, 132000, 132001, 368, 131031, 131048 (spam limit: a hold, never hot-retried), and the rest.
            return new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: Code(e.Code), ErrorText: e.Text);
        }
        return response.Status switch
        {
            401 => new SendOutcome(SendOutcomeKind.CredentialsRejected, ErrorCode: "credentials_rejected", ErrorText: "WhatsApp answered 401."),
            429 => new SendOutcome(SendOutcomeKind.RateLimited, ErrorCode: "whatsapp_http_429", ErrorText: "WhatsApp answered 429."),
            >= 500 or 408 => new SendOutcome(SendOutcomeKind.Unavailable, ErrorCode: $"whatsapp_http_{response.Status}", ErrorText: $"WhatsApp answered {response.Status}."),
            _ => new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: $"whatsapp_http_{response.Status}", ErrorText: $"WhatsApp answered {response.Status} without an error object."),
        };
    }

    /// <summary>A send that failed below HTTP. When the request cannot have reached Meta (no connection, no
    /// DNS, TLS failed) it is safe to try again. Otherwise (timeout, connection cut after the body was
    /// written) Meta may have accepted it: there is no idempotency key, and a resent WhatsApp message cannot
    /// be recalled, so the message is failed with a clear reason instead of being sent twice.</summary>
    public static SendOutcome ToOutcome(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } =>
            new SendOutcome(SendOutcomeKind.Unavailable, ErrorCode: "whatsapp_unreachable", ErrorText: $"WhatsApp could not be reached: {e.Message}"),
        _ => new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: "whatsapp_delivery_unknown",
            ErrorText: $"WhatsApp did not answer ({e.Message}); the message may or may not have been sent, so it was not sent again. Resend it if the contact did not get it."),
    };

    private static string Code(int code) => $"whatsapp_{code}";
}

using Omni.Channels.Contracts;

namespace Omni.Channels.Providers.Instagram;

/// <summary>What a Graph answer means for a send or a connect, by <c>error.code</c> (never by the HTTP status
/// alone: Meta answers most errors with 400): 190 the token; 10 outside the 24-hour window (or a missing
/// messaging permission: Meta uses one code for both); 4/17/32/613 throttling; 1/2, transient errors and 5xx
/// an outage; anything else a refusal of this message, <c>instagram_&lt;code&gt;</c>.</summary>
internal static class InstagramOutcomes
{
    public const int TokenInvalid = 190;
    public const int OutsideWindow = 10;
    private static readonly int[] Throttling = [4, 17, 32, 613];

    public static SendOutcome ForSend(GraphAnswer answer)
    {
        if (answer.Status == 0)
            return new SendOutcome(SendOutcomeKind.Unavailable, ErrorText: answer.Failure);
        if (answer.Error is { } e)
        {
            if (e.Code == TokenInvalid) return new SendOutcome(SendOutcomeKind.CredentialsRejected, ErrorText: e.Describe());
            if (e.Code == OutsideWindow) return new SendOutcome(SendOutcomeKind.WindowClosed, ErrorText: e.Describe());
            if (Throttling.Contains(e.Code)) return new SendOutcome(SendOutcomeKind.RateLimited, RetryAfter: answer.RegainAccessAfter, ErrorText: e.Describe());
            if (e.Code is 1 or 2 || e.IsTransient || answer.Status >= 500) return new SendOutcome(SendOutcomeKind.Unavailable, ErrorText: e.Describe());
            return new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: $"instagram_{e.Code}", ErrorText: e.Describe());
        }
        return answer.Status switch
        {
            429 => new SendOutcome(SendOutcomeKind.RateLimited, ErrorText: answer.Failure),
            >= 500 => new SendOutcome(SendOutcomeKind.Unavailable, ErrorText: answer.Failure),
            401 => new SendOutcome(SendOutcomeKind.CredentialsRejected, ErrorText: answer.Failure),
            // A 2xx without a message id: the message may have gone out, so it is not sent again.
            _ => new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: $"instagram_http_{answer.Status}",
                ErrorText: answer.Failure ?? "Instagram answered without a message id."),
        };
    }

    /// <summary>Why connecting failed: credentials refused (the token, or an account the token may not use),
    /// or Instagram unreachable, throttled or failing (the channel is kept, in error, to reconnect later).</summary>
    public static ChannelConnectException ForConnect(GraphAnswer answer, string accountId)
    {
        if (answer.Status == 0) return new ChannelConnectException(false, answer.Failure ?? "Instagram could not be reached.");
        if (answer.Error is { } e)
        {
            if (e.Code == TokenInvalid)
                return new ChannelConnectException(true, $"Instagram refused the access token: {e.Describe()}");
            if (Throttling.Contains(e.Code) || e.Code is 1 or 2 || e.IsTransient || answer.Status >= 500)
                return new ChannelConnectException(false, $"Instagram could not check the channel now: {e.Describe()}");
            return new ChannelConnectException(true, $"Instagram refused access to account {accountId} with this token: {e.Describe()}");
        }
        return answer.Status is 401 or 403
            ? new ChannelConnectException(true, $"Instagram refused the access token: {answer.Failure}")
            : new ChannelConnectException(false, $"Instagram could not check the channel now: {answer.Failure}");
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Omni.Channels.Contracts;
using Omni.Channels.Providers;
using Omni.Channels.Providers.WhatsApp;
using Omni.Platform.Http;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>The provider against the fake Graph API, without the rest of the API: every documented error
/// code becomes the outcome the send job needs, by <c>error.code</c> and never by HTTP status.</summary>
public sealed class WhatsAppGraphErrorTests : IAsyncLifetime
{
    private FakeWhatsApp _fake = null!;
    private FakeWhatsApp.Number _number = null!;
    private WhatsAppProvider _provider = null!;
    private SafeFetcher _fetcher = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeWhatsApp.StartAsync();
        _fake.EnforceWindow = false;
        _number = _fake.AddNumber();
        var graph = new WhatsAppClient(new Factory(new Uri(_fake.BaseUrl)), NullLogger<WhatsAppClient>.Instance);
        _fetcher = new SafeFetcher(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Omni:Http:FetchAllowHosts:0"] = "127.0.0.1" }).Build());
        _provider = new WhatsAppProvider(graph, new WhatsAppMedia(graph, _fetcher), NullLogger<WhatsAppProvider>.Instance);
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _fake.DisposeAsync();
    }

    public static TheoryData<string, SendOutcomeKind, string?> Failures => new()
    {
        { nameof(GraphFailure.RateLimitHit), SendOutcomeKind.RateLimited, "whatsapp_130429" },
        { nameof(GraphFailure.PairRateLimit), SendOutcomeKind.RateLimited, "whatsapp_131056" },
        { nameof(GraphFailure.TooManyCalls), SendOutcomeKind.RateLimited, "whatsapp_4" },
        { nameof(GraphFailure.WabaRateLimit), SendOutcomeKind.RateLimited, "whatsapp_80007" },
        { nameof(GraphFailure.SomethingWentWrong), SendOutcomeKind.Unavailable, "whatsapp_131000" },
        { nameof(GraphFailure.ServiceUnavailable), SendOutcomeKind.Unavailable, "whatsapp_131016" },
        { nameof(GraphFailure.Overloaded), SendOutcomeKind.Unavailable, "whatsapp_2" },
        { nameof(GraphFailure.ReEngagement), SendOutcomeKind.WindowClosed, "window_closed" },
        { nameof(GraphFailure.TokenExpired), SendOutcomeKind.CredentialsRejected, "credentials_rejected" },
        { nameof(GraphFailure.InvalidParameter), SendOutcomeKind.Rejected, "whatsapp_100" },
        { nameof(GraphFailure.Undeliverable), SendOutcomeKind.Rejected, "whatsapp_131026" },
        { nameof(GraphFailure.UnsupportedType), SendOutcomeKind.Rejected, "whatsapp_131051" },
        { nameof(GraphFailure.TemplateParamCount), SendOutcomeKind.Rejected, "whatsapp_132000" },
        { nameof(GraphFailure.TemplateMissing), SendOutcomeKind.Rejected, "whatsapp_132001" },
        { nameof(GraphFailure.AccountRestricted), SendOutcomeKind.Rejected, "whatsapp_368" },
        { nameof(GraphFailure.AccountLocked), SendOutcomeKind.Rejected, "whatsapp_131031" },
        { nameof(GraphFailure.SpamRateLimit), SendOutcomeKind.Rejected, "whatsapp_131048" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_graph_error_becomes_the_outcome_its_code_calls_for(string failure, SendOutcomeKind kind, string? code)
    {
        var canned = (GraphFailure)typeof(GraphFailure).GetProperty(failure)!.GetValue(null)!;
        _fake.Fail(FakeWhatsApp.Endpoint.Messages, canned);

        var outcome = await SendTextAsync();

        Assert.Equal((kind, code), (outcome.Kind, outcome.ErrorCode));
        Assert.Null(outcome.RetryAfter);
        Assert.Null(outcome.ExternalId);
        Assert.Contains(canned.Details ?? canned.Title.Split(") ")[^1], outcome.ErrorText);
    }

    [Theory]
    [InlineData(503, SendOutcomeKind.Unavailable)]
    [InlineData(502, SendOutcomeKind.Unavailable)]
    [InlineData(429, SendOutcomeKind.RateLimited)]
    [InlineData(404, SendOutcomeKind.Rejected)]
    public async Task A_bare_http_status_without_a_graph_error_is_classified_by_status(int status, SendOutcomeKind kind)
    {
        _fake.Fail(FakeWhatsApp.Endpoint.Messages, GraphFailure.Http(status));

        Assert.Equal(kind, (await SendTextAsync()).Kind);
    }

    [Fact]
    public async Task A_throttle_code_sent_with_status_429_or_500_is_still_a_throttle()
    {
        _fake.Fail(FakeWhatsApp.Endpoint.Messages, GraphFailure.RateLimitHit with { Status = 500 }, GraphFailure.RateLimitHit with { Status = 429 });

        Assert.Equal(SendOutcomeKind.RateLimited, (await SendTextAsync()).Kind);
        Assert.Equal(SendOutcomeKind.RateLimited, (await SendTextAsync()).Kind);
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable_and_a_success_carries_the_wamid()
    {
        await _fake.GoDownAsync();
        var down = await SendTextAsync();
        await _fake.ComeBackAsync();
        var up = await SendTextAsync();

        Assert.Equal((SendOutcomeKind.Unavailable, "whatsapp_unreachable"), (down.Kind, down.ErrorCode));
        Assert.Equal(SendOutcomeKind.Sent, up.Kind);
        Assert.Equal(_fake.Accepted.Single().Wamid, up.ExternalId);
    }

    [Fact]
    public async Task Content_whatsapp_cannot_take_is_rejected_without_calling_it()
    {
        var outcome = await _provider.SendAsync(Channel(), new OutboundMessage(Guid.NewGuid(), "16505551234", "image",
            null, new OutboundMedia("image", null, null, "image/png", null, null), null, null), CancellationToken.None);

        Assert.Equal((SendOutcomeKind.Rejected, "whatsapp_unsupported_content"), (outcome.Kind, outcome.ErrorCode));
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_hash_given_as_hex_or_base64_is_compared_as_bytes(bool hex)
    {
        var bytes = "hello"u8.ToArray();
        var hash = System.Security.Cryptography.SHA256.HashData(bytes);

        Assert.True(WhatsAppMedia.HashMatches(hex ? Convert.ToHexString(hash) : Convert.ToBase64String(hash), bytes));
        Assert.False(WhatsAppMedia.HashMatches(hex ? Convert.ToHexString(new byte[32]) : Convert.ToBase64String(new byte[32]), bytes));
        Assert.False(WhatsAppMedia.HashMatches("not a hash", bytes));
    }

    private Task<SendOutcome> SendTextAsync() =>
        _provider.SendAsync(Channel(), new OutboundMessage(Guid.NewGuid(), "+1 650 555 1234", "text", "hi", null, null, null), CancellationToken.None);

    private ChannelContext Channel() =>
        new(Guid.NewGuid(), Guid.NewGuid(), "whatsapp", _number.PhoneNumberId, _number.Credentials(), new Dictionary<string, string>());

    private sealed class Factory(Uri baseUrl) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { BaseAddress = baseUrl, Timeout = WhatsAppClient.Timeout };
    }
}

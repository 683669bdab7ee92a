using Microsoft.Playwright;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Browser;

/// <summary>One headless Debian Chromium (Playwright cannot download its own browsers here), the shared API
/// and a customer site for the browser tests; each test opens its own context (cookies, storage).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TestApi Api { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestSite Site { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("OMNI_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"No Chromium at {chromium}: run scripts/setup.sh (it installs Debian's chromium) or set OMNI_CHROMIUM.");
        Api = await TestApi.Shared;
        Site = await TestSite.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Site is not null) await Site.DisposeAsync();
    }
}

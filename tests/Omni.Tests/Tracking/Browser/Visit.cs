using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Omni.Tests.Tracking.Browser;

/// <summary>One visitor on one page: a fresh browser context (no cookies, empty storage), the page, what the
/// tracker sent to the intake (unless the requests are let through to the real API), and the page's errors.</summary>
public sealed class Visit : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();

    private Visit(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, error) => _errors.Enqueue(error);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public BatchCapture Intake { get; private set; } = null!;

    /// <summary>Uncaught errors in the page (the tracker must never throw into it).</summary>
    public IReadOnlyCollection<string> PageErrors => _errors;

    public static async Task<Visit> OpenAsync(BrowserFixture browser, string pageUrl, bool interceptIntake = true, string? referer = null)
    {
        var context = await browser.Browser.NewContextAsync();
        var visit = new Visit(context, await context.NewPageAsync());
        if (interceptIntake) visit.Intake = await BatchCapture.AttachAsync(visit.Page, browser.Site.Origin);
        await visit.Page.GotoAsync(pageUrl, new PageGotoOptions { Referer = referer });
        await visit.Page.WaitForFunctionAsync("() => window.omni && window.omni.loaded === true");
        return visit;
    }

    /// <summary>A page value, as JSON (<c>null</c> when undefined).</summary>
    public async Task<JsonElement> JsonAsync(string expression)
    {
        var text = await Page.EvaluateAsync<string>($"() => JSON.stringify({expression}) || 'null'");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<BrowserContextCookiesResult?> CookieAsync(string name) =>
        (await Context.CookiesAsync()).FirstOrDefault(c => c.Name == name);

    /// <summary>Waits until the intake got events named <paramref name="names"/>; returns every event sent.</summary>
    public async Task<IReadOnlyList<JsonElement>> SentAsync(params string[] names)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = Intake.Events;
            var sent = events.Select(e => e.GetProperty("name").GetString()).ToHashSet();
            if (names.All(sent.Contains)) return events;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"The tracker sent [{string.Join(", ", sent)}], not all of [{string.Join(", ", names)}]. Page errors: {string.Join("; ", PageErrors)}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}

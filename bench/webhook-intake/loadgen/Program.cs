// The webhook-intake benchmark's two helpers, in one small program:
//   webhook-loadgen graph <port>
//     a stand-in for the Graph API that answers the one call connecting a WhatsApp channel makes
//     (GET /{version}/{phone_number_id}), so the channel is created through the API as in production;
//   webhook-loadgen fire <api base url> <phone_number_id> <app secret> <concurrency> <seconds>
//     POSTs signed WhatsApp text-message webhooks, each with its own wamid (and one of 1,000 senders), from
//     <concurrency> connections for <seconds>, and prints what came back.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

return args switch
{
    ["graph", var port] => await ServeGraphAsync(int.Parse(port, CultureInfo.InvariantCulture)),
    ["fire", var url, var numberId, var secret, var concurrency, var seconds] =>
        await FireAsync(new Uri(url), numberId, secret, int.Parse(concurrency, CultureInfo.InvariantCulture), int.Parse(seconds, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: webhook-loadgen graph <port> | fire <api url> <phone_number_id> <app secret> <concurrency> <seconds>");
    return 2;
}

static async Task<int> ServeGraphAsync(int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
    builder.Logging.ClearProviders();
    var app = builder.Build();
    app.MapGet("/{version}/{id}", (string id) => Results.Json(new Dictionary<string, string>
    {
        ["verified_name"] = "Bench Co",
        ["display_phone_number"] = "+1 555-010-0000",
        ["id"] = id,
    }));
    await app.RunAsync();
    return 0;
}

static async Task<int> FireAsync(Uri api, string numberId, string secret, int concurrency, int seconds)
{
    var key = Encoding.UTF8.GetBytes(secret);
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var http = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
    var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    long counter = 0, ok = 0, refused = 0, failed = 0;
    var latencies = new List<double>[concurrency];
    var deadline = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();

    var workers = Enumerable.Range(0, concurrency).Select(async w =>
    {
        var mine = latencies[w] = new List<double>(seconds * 2000);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var n = Interlocked.Increment(ref counter);
            var body = Encoding.UTF8.GetBytes(Body(numberId, run, n));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref ok);
                else Interlocked.Increment(ref refused);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
        }
    }).ToArray();
    await Task.WhenAll(workers);

    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p * all.Length))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"sent={counter} ok={ok} non200={refused} errors={failed} seconds={elapsed:F1} ok_per_s={ok / elapsed:F0} p50_ms={Percentile(0.50):F1} p99_ms={Percentile(0.99):F1} max_ms={(all.Length == 0 ? 0 : all[^1]):F1} cpu_s={Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1}"));
    return 0;
}

// A text message as Meta sends it: compact JSON, string timestamps. wa_ids cycle through 1,000 senders.
static string Body(string numberId, string run, long n) => string.Create(CultureInfo.InvariantCulture,
    $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100000","phone_number_id":"{{{numberId}}}"},"contacts":[{"profile":{"name":"Bench Sender {{{n % 1000}}}"},"wa_id":"1555{{{1000000 + (n % 1000)}}}"}],"messages":[{"from":"1555{{{1000000 + (n % 1000)}}}","id":"wamid.bench.{{{run}}}.{{{n}}}","timestamp":"{{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}}","type":"text","text":{"body":"Benchmark message {{{n}}}: does it come in another color?"}}]},"field":"messages"}]}]}""");

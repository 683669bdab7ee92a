// The webhook-intake benchmark's helpers, in one small program:
//   webhook-loadgen graph <port>
//     a stand-in for the Graph API that answers the one call connecting a WhatsApp channel makes
//     (GET /{version}/{phone_number_id}), so the channel is created through the API as in production;
//   webhook-loadgen bodies <file> <phone_number_id> <app secret> <count>
//     writes <count> WhatsApp text-message webhooks, one per line as "<X-Hub-Signature-256>\t<body>", each
//     with its own wamid and one of 1,000 senders, for wrk (signed.lua) to send.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

return args switch
{
    ["graph", var port] => await ServeGraphAsync(int.Parse(port, CultureInfo.InvariantCulture)),
    ["bodies", var file, var numberId, var secret, var count] => await WriteBodiesAsync(file, numberId, secret, int.Parse(count, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: webhook-loadgen graph <port> | bodies <file> <phone_number_id> <app secret> <count>");
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

static async Task<int> WriteBodiesAsync(string file, string numberId, string secret, int count)
{
    var key = Encoding.UTF8.GetBytes(secret);
    var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    await using var output = new StreamWriter(file, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    for (var n = 0; n < count; n++)
    {
        var body = Body(numberId, run, n, now);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));
        await output.WriteLineAsync($"{signature}\t{body}");
    }
    return 0;
}

// A text message as Meta sends it: compact JSON, string timestamps.
static string Body(string numberId, string run, long n, long now) => string.Create(CultureInfo.InvariantCulture,
    $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100000","phone_number_id":"{{{numberId}}}"},"contacts":[{"profile":{"name":"Bench Sender {{{n % 1000}}}"},"wa_id":"1555{{{1000000 + (n % 1000)}}}"}],"messages":[{"from":"1555{{{1000000 + (n % 1000)}}}","id":"wamid.bench.{{{run}}}.{{{n}}}","timestamp":"{{{now}}}","type":"text","text":{"body":"Benchmark message {{{n}}}: does it come in another color?"}}]},"field":"messages"}]}]}""");

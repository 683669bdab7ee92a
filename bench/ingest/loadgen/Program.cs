using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

// The ingest benchmark's client. Modes (all output one line "key=value ..." for run.sh to read):
//   ingest  --url U --key K --connection C --platform P --from A --to B --conversations 50 --messages 10
//           --slots 100 --concurrency 8 --run R --phone-prefix 1555 : requests A..B-1 of a synthetic history
//           (request r writes --messages messages to each of the --conversations threads of slot r % --slots;
//           the participants' numbers start with --phone-prefix)
//   growth  --url U --key K --connection C --platform P --thread T --batches 10 --batch-size 100 --run R
//           : appends batches one after another to one thread; prints the time taken
//   jsonb   --db CONNSTRING --thread-id N --batches 10 --batch-size 100 --run R --mode rmw|concat
//           : the seed's one-JSONB-array-per-thread design (read the array, drop known ids, write it back)
var options = Options.Parse(args);
switch (args.FirstOrDefault())
{
    case "ingest": await Modes.IngestAsync(options); break;
    case "growth": await Modes.GrowthAsync(options); break;
    case "jsonb": await Modes.JsonbAsync(options); break;
    default: Console.Error.WriteLine("usage: IngestLoad ingest|growth|jsonb --option value ..."); Environment.Exit(2); break;
}

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Options(values);
    }

    public string Text(string name, string? fallback = null) =>
        values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

internal static class Modes
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task IngestAsync(Options o)
    {
        var (from, to) = (o.Int("from", 0), o.Int("to", 1000));
        var (conversations, messages, slots) = (o.Int("conversations", 50), o.Int("messages", 10), o.Int("slots", 100));
        var concurrency = o.Int("concurrency", 8);
        var run = o.Text("run");
        var platform = o.Text("platform", "whatsapp");
        var connection = o.Text("connection");
        var phones = o.Text("phone-prefix", "1555");

        // Bodies are made before the clock starts: the client's JSON work is not measured.
        var bodies = Enumerable.Range(from, to - from).Select(r =>
        {
            var slot = r % slots;
            var threads = Enumerable.Range(slot * conversations, conversations).Select(t => new
            {
                external_conversation_id = $"{run}-thread-{t}",
                participant_identifier = "+" + phones + t.ToString("0000000", CultureInfo.InvariantCulture),
                participant_name = $"Customer {t}",
                messages = Enumerable.Range(0, messages).Select(m => new
                {
                    id = $"{run}-t{t}-r{r}-m{m}",
                    direction = m % 3 == 2 ? "outbound" : "inbound",
                    type = "text",
                    content = $"Message {m} of request {r} in thread {t}: is the order on its way?",
                    sent_at = Epoch.AddSeconds(r * 60 + m).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                }).ToArray(),
            }).ToArray();
            return JsonSerializer.SerializeToUtf8Bytes(new { platform, connection_id = connection, conversations = threads });
        }).ToArray();

        using var http = Client(o, concurrency);
        var latencies = new double[bodies.Length];
        long added = 0, failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Length)
            {
                var started = Stopwatch.GetTimestamp();
                var (ok, count) = await SendAsync(http, o.Text("key"), bodies[i]);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (ok) Interlocked.Add(ref added, count);
                else Interlocked.Increment(ref failures);
            }
        }));
        clock.Stop();
        Array.Sort(latencies);
        var sent = (long)bodies.Length * conversations * messages;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests={bodies.Length} messages_sent={sent} messages_added={added} failures={failures} seconds={clock.Elapsed.TotalSeconds:0.00} " +
            $"messages_per_s={sent / clock.Elapsed.TotalSeconds:0} requests_per_s={bodies.Length / clock.Elapsed.TotalSeconds:0.0} " +
            $"p50_ms={Percentile(latencies, 0.50):0.0} p99_ms={Percentile(latencies, 0.99):0.0}"));
    }

    public static async Task GrowthAsync(Options o)
    {
        var (batches, size) = (o.Int("batches", 10), o.Int("batch-size", 100));
        var thread = o.Text("thread");
        var run = o.Text("run");
        var start = DateTimeOffset.Parse(o.Text("start", "2026-01-01T00:00:00Z"), CultureInfo.InvariantCulture);
        var bodies = Enumerable.Range(0, batches).Select(b => JsonSerializer.SerializeToUtf8Bytes(new
        {
            platform = o.Text("platform", "whatsapp"),
            connection_id = o.Text("connection"),
            conversations = new[]
            {
                new
                {
                    external_conversation_id = thread,
                    participant_identifier = o.Text("participant", "+15550000001"),
                    messages = Enumerable.Range(0, size).Select(m => new
                    {
                        id = $"{run}-{thread}-b{b}-m{m}",
                        direction = "inbound",
                        type = "text",
                        content = $"Appended message {m} of batch {b}: a line of chat of ordinary length",
                        sent_at = start.AddSeconds(b * size + m).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    }).ToArray(),
                },
            },
        })).ToArray();

        using var http = Client(o, 1);
        long added = 0;
        var clock = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            var (ok, count) = await SendAsync(http, o.Text("key"), body);
            if (!ok) throw new InvalidOperationException("a growth request failed");
            added += count;
        }
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"messages_added={added} seconds={clock.Elapsed.TotalSeconds:0.000}"));
    }

    /// <summary>What the seed's edge function has to do per request with one JSONB array per thread: read
    /// the thread's whole array to find the ids it holds, append the new messages, write the whole array
    /// back (rmw); or, the best that design allows, append in SQL without reading (concat).</summary>
    public static async Task JsonbAsync(Options o)
    {
        var (batches, size) = (o.Int("batches", 10), o.Int("batch-size", 100));
        var threadId = o.Int("thread-id", 0);
        var run = o.Text("run");
        var mode = o.Text("mode", "rmw");
        await using var db = NpgsqlDataSource.Create(o.Text("db"));
        long added = 0;
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var incoming = new JsonArray(Enumerable.Range(0, size).Select(m => (JsonNode)new JsonObject
            {
                ["id"] = $"{run}-b{b}-m{m}",
                ["direction"] = "inbound",
                ["type"] = "text",
                ["content"] = $"Appended message {m} of batch {b}: a line of chat of ordinary length",
                ["sent_at"] = Epoch.AddSeconds(b * size + m).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }).ToArray());
            await using var conn = await db.OpenConnectionAsync();
            await using var tx = await conn.BeginTransactionAsync();
            if (mode == "concat")
            {
                await using var update = new NpgsqlCommand(
                    "update bench_jsonb_threads set messages = messages || $2::jsonb, last_message_at = now() where id = $1", conn, tx);
                update.Parameters.Add(new NpgsqlParameter { Value = threadId });
                update.Parameters.Add(new NpgsqlParameter { Value = incoming.ToJsonString(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
                await update.ExecuteNonQueryAsync();
                added += size;
            }
            else
            {
                string existing;
                await using (var read = new NpgsqlCommand("select messages::text from bench_jsonb_threads where id = $1 for update", conn, tx))
                {
                    read.Parameters.Add(new NpgsqlParameter { Value = threadId });
                    existing = (string)(await read.ExecuteScalarAsync())!;
                }
                var array = JsonNode.Parse(existing)!.AsArray();
                var known = array.Select(m => m!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                foreach (var message in incoming.ToArray())
                {
                    if (!known.Add(message!["id"]!.GetValue<string>())) continue;
                    incoming.Remove(message);
                    array.Add(message);
                    added++;
                }
                await using var write = new NpgsqlCommand(
                    "update bench_jsonb_threads set messages = $2::jsonb, last_message_at = now() where id = $1", conn, tx);
                write.Parameters.Add(new NpgsqlParameter { Value = threadId });
                write.Parameters.Add(new NpgsqlParameter { Value = array.ToJsonString(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
                await write.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"messages_added={added} seconds={clock.Elapsed.TotalSeconds:0.000}"));
    }

    private static HttpClient Client(Options o, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(o.Text("url")),
            Timeout = TimeSpan.FromMinutes(5),
        };

    private static async Task<(bool Ok, int Added)> SendAsync(HttpClient http, string key, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/functions/v1/messaging-ingest") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-api-key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
            return (false, 0);
        }
        using var json = JsonDocument.Parse(text);
        var added = 0;
        foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            var status = result.GetProperty("status").GetString()!;
            if (status.StartsWith("error", StringComparison.Ordinal)) await Console.Error.WriteLineAsync(status);
            added += result.GetProperty("messages_added").GetInt32();
        }
        return (true, added);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Http;

namespace Omni.Tracking.Intake;

/// <summary>The answer to an intake call.</summary>
internal sealed record IntakeResponse(int Accepted, int Duplicates);

/// <summary>Browser and server intake: <c>POST /api/v1/track/event</c>, <c>/batch</c> and <c>/identify</c>,
/// authenticated by the source's write key. Everything is checked before anything is stored (any invalid
/// event refuses the whole body); the answer comes after the events are committed.</summary>
internal static class TrackEndpoints
{
    public const int MaxBatchBytes = 512 * 1024;
    public const int MaxEventBytes = 64 * 1024;

    public static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> Batch(
        HttpContext http, SourceDirectory sources, EventWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var received = clock.GetUtcNow();
        using var body = await IntakeRequest.ReadJsonAsync(http.Request, MaxBatchBytes, ct);
        var root = body.RootElement;
        var parser = new IntakeParser(received);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            return ApiProblem.Validation("events", "events must be an array of events.");
        var count = list.GetArrayLength();
        if (count == 0) return ApiProblem.Validation("events", "events must hold at least one event.");
        if (count > IntakeParser.MaxEvents) throw new ApiException(413, "too_many_events", $"A batch holds at most {IntakeParser.MaxEvents} events; this one has {count}.");
        parser.ReadClock(root);
        var events = new List<IntakeEvent>(count);
        var i = 0;
        foreach (var e in list.EnumerateArray())
        {
            if (parser.ReadEvent(e, $"events[{i++}]") is { } ok) events.Add(ok);
        }
        return await StoreAsync(http, root, sources, parser, events, writer, ct);
    }

    public static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> Event(
        HttpContext http, SourceDirectory sources, EventWriter writer, TimeProvider clock, CancellationToken ct) =>
        await OneAsync(http, sources, writer, clock, "track", ct);

    public static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> Identify(
        HttpContext http, SourceDirectory sources, EventWriter writer, TimeProvider clock, CancellationToken ct) =>
        await OneAsync(http, sources, writer, clock, "identify", ct);

    /// <summary>Preflight for pages that send <c>application/json</c> or <c>X-Write-Key</c>; the origin is
    /// checked against the source on the request itself.</summary>
    public static NoContent Preflight(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        IntakeRequest.AllowOrigin(http, origin);
        http.Response.Headers.AccessControlAllowMethods = "POST";
        http.Response.Headers.AccessControlAllowHeaders = "Content-Type, X-Write-Key";
        http.Response.Headers.AccessControlMaxAge = "86400";
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> OneAsync(
        HttpContext http, SourceDirectory sources, EventWriter writer, TimeProvider clock, string type, CancellationToken ct)
    {
        var received = clock.GetUtcNow();
        using var body = await IntakeRequest.ReadJsonAsync(http.Request, MaxEventBytes, ct);
        var root = body.RootElement;
        var parser = new IntakeParser(received);
        if (root.ValueKind == JsonValueKind.Object) parser.ReadClock(root);
        var one = parser.ReadEvent(root, "", type);
        if (one is not null && type == "identify" && one.Type != "identify") parser.Error("type", "This route takes identify calls only.");
        return await StoreAsync(http, root, sources, parser, one is null ? [] : [one], writer, ct);
    }

    /// <summary>The body is checked first (its problems say nothing of any source), then the write key and
    /// the page's origin, then the events are stored.</summary>
    private static async Task<Results<Ok<IntakeResponse>, ProblemHttpResult>> StoreAsync(
        HttpContext http, JsonElement root, SourceDirectory sources, IntakeParser parser, List<IntakeEvent> events, EventWriter writer, CancellationToken ct)
    {
        if (parser.Errors.Count > 0) return ApiProblem.Validation(parser.Errors);
        var source = await IntakeRequest.SourceAsync(http, root, sources, ct);
        var result = await writer.StoreAsync(IntakeRequest.Batch(http, source, events), ct);
        return TypedResults.Ok(new IntakeResponse(result.Accepted, result.Duplicates));
    }
}

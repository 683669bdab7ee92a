using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Http;

/// <summary>Marks a mutating endpoint that honours <c>Idempotency-Key</c>.</summary>
public sealed class Idempotent;

public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>A retry with the same <c>Idempotency-Key</c> (same caller, same org) gets the first
    /// response again instead of doing the work twice; the same key with another body is refused.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new Idempotent()).AddEndpointFilter<IdempotencyFilter>();
}

/// <summary>Lets the idempotency filter read the raw body again after model binding.</summary>
internal sealed class IdempotencyBuffering(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Headers.ContainsKey(IdempotencyExtensions.Header) && http.GetEndpoint()?.Metadata.GetMetadata<Idempotent>() is not null)
            http.Request.EnableBuffering();
        return next(http);
    }
}

internal sealed class IdempotencyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[IdempotencyExtensions.Header].ToString();
        if (key.Length == 0) return await next(context);
        if (key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7E))
            return ApiProblem.BadRequest("invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters.");

        var services = http.RequestServices;
        var session = services.GetRequiredService<DbSession>();
        var request = services.GetRequiredService<RequestContext>();
        var ct = http.RequestAborted;
        var hash = await RequestHashAsync(http, ct);

        await using (var claim = await session.CommandAsync("""
            insert into omni.idempotency_keys (org_id, caller_id, key, request_hash) values ($1, $2, $3, $4)
            on conflict do nothing
            """, ct))
        {
            claim.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            claim.Parameters.AddWithValue(NpgsqlDbType.Text, request.Caller!.Id);
            claim.Parameters.AddWithValue(NpgsqlDbType.Text, key);
            claim.Parameters.AddWithValue(NpgsqlDbType.Bytea, hash);
            if (await claim.ExecuteNonQueryAsync(ct) == 0)
                return await ReplayAsync(session, request, key, hash, ct);
        }

        var result = await next(context);
        var (status, value, location) = Unwrap(result);
        if (status is >= 200 and < 300)
        {
            var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            await using var store = await session.CommandAsync("""
                update omni.idempotency_keys set status_code = $4, response_body = $5, location = $6
                where org_id = $1 and caller_id = $2 and key = $3
                """, ct);
            store.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            store.Parameters.AddWithValue(NpgsqlDbType.Text, request.Caller!.Id);
            store.Parameters.AddWithValue(NpgsqlDbType.Text, key);
            store.Parameters.AddWithValue(NpgsqlDbType.Integer, status);
            store.Parameters.AddWithValue(NpgsqlDbType.Text, value is null ? (object)DBNull.Value : JsonSerializer.Serialize(value, value.GetType(), json));
            store.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)location ?? DBNull.Value);
            await store.ExecuteNonQueryAsync(ct);
        }
        return result;
    }

    private static async Task<object> ReplayAsync(DbSession session, RequestContext request, string key, byte[] hash, CancellationToken ct)
    {
        await using var read = await session.CommandAsync("""
            select request_hash, status_code, response_body, location from omni.idempotency_keys
            where org_id = $1 and caller_id = $2 and key = $3
            """, ct);
        read.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        read.Parameters.AddWithValue(NpgsqlDbType.Text, request.Caller!.Id);
        read.Parameters.AddWithValue(NpgsqlDbType.Text, key);
        await using var reader = await read.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(1))
            return ApiProblem.Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
        if (!reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(hash))
            return ApiProblem.Create(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                "This Idempotency-Key was already used for a different request.");
        return new ReplayResult(reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    private static async Task<byte[]> RequestHashAsync(HttpContext http, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        if (http.Request.HasFormContentType)
        {
            // A form is what it says, not how it was framed: a retry gets a new multipart boundary.
            var form = await http.Request.ReadFormAsync(ct);
            foreach (var key in form.Keys.Order(StringComparer.Ordinal))
                foreach (var value in form[key]) sha.AppendData(Encoding.UTF8.GetBytes($"{key.Length}:{key}={value?.Length}:{value}\n"));
            foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.FileName, StringComparer.Ordinal))
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"file {file.Name.Length}:{file.Name} {file.FileName.Length}:{file.FileName} {file.ContentType} {file.Length}\n"));
                await using var stream = file.OpenReadStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, ct)) > 0) sha.AppendData(chunk, 0, read);
            }
        }
        else if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await http.Request.Body.ReadAsync(buffer, ct)) > 0) sha.AppendData(buffer, 0, n);
        }
        return sha.GetHashAndReset();
    }

    private static (int Status, object? Value, string? Location) Unwrap(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        var status = result is IStatusCodeHttpResult { StatusCode: { } s } ? s : StatusCodes.Status200OK;
        var value = result is IValueHttpResult v ? v.Value : null;
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string;
        return (status, value, location);
    }

    private sealed class ReplayResult(int status, string? body, string? location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.Headers[IdempotencyExtensions.ReplayedHeader] = "true";
            if (location is not null) http.Response.Headers.Location = location;
            if (body is null) return;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(body, http.RequestAborted);
        }
    }
}

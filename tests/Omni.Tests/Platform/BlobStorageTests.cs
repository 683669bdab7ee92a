using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Omni.Platform.Storage;

namespace Omni.Tests.Platform;

public sealed class BlobStorageTests
{
    [Fact]
    public async Task The_local_store_keeps_bytes_and_type_and_refuses_keys_that_climb_out()
    {
        var root = Path.Combine(Path.GetTempPath(), "omni-blobs-" + Guid.NewGuid().ToString("N"));
        var store = new LocalBlobStorage(root);
        var key = BlobKeys.For(Guid.NewGuid(), Guid.NewGuid(), "png");

        await store.PutAsync(key, new byte[] { 1, 2, 3 }, "image/png", CancellationToken.None);
        var blob = await store.GetAsync(key, CancellationToken.None);

        Assert.Equal(new byte[] { 1, 2, 3 }, blob!.Content);
        Assert.Equal("image/png", blob.ContentType);
        Assert.Null(await store.GetAsync("nothing/here", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("../../etc/x", new byte[] { 1 }, "text/plain", CancellationToken.None));
        await store.DeleteAsync(key, CancellationToken.None);
        await store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await store.GetAsync(key, CancellationToken.None));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task The_supabase_store_speaks_the_storage_api_with_the_service_key()
    {
        var objects = new Dictionary<string, (byte[] Bytes, string Type)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var fake = builder.Build();
        fake.MapPost("/storage/v1/object/{bucket}/{**key}", async (string bucket, string key, HttpRequest request) =>
        {
            if (request.Headers.Authorization != "Bearer service-key") return Results.Json(new { statusCode = "403", error = "Unauthorized" }, statusCode: 403);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            objects[$"{bucket}/{key}"] = (body.ToArray(), request.ContentType!);
            return Results.Json(new { Key = $"{bucket}/{key}" });
        });
        fake.MapGet("/storage/v1/object/authenticated/{bucket}/{**key}", (string bucket, string key, HttpRequest request) =>
            request.Headers.Authorization != "Bearer service-key" ? Results.StatusCode(403)
            : objects.TryGetValue($"{bucket}/{key}", out var o) ? Results.Bytes(o.Bytes, o.Type)
            : Results.Json(new { statusCode = "404", error = "not_found" }, statusCode: 400));
        fake.MapDelete("/storage/v1/object/{bucket}/{**key}", (string bucket, string key, HttpRequest request) =>
            request.Headers.Authorization != "Bearer service-key" ? Results.StatusCode(403)
            : objects.Remove($"{bucket}/{key}") ? Results.Json(new { message = "Successfully deleted" })
            : Results.Json(new { statusCode = "404", error = "not_found" }, statusCode: 400));
        await fake.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(fake.Urls.First() + "/") };
        var store = new SupabaseBlobStorage(http, "media", "service-key");

        await store.PutAsync("org/2026/11/a.png", new byte[] { 9, 8 }, "image/png", CancellationToken.None);
        var blob = await store.GetAsync("org/2026/11/a.png", CancellationToken.None);

        Assert.Equal(new byte[] { 9, 8 }, blob!.Content);
        Assert.Equal("image/png", blob.ContentType);
        Assert.Null(await store.GetAsync("org/2026/11/missing.png", CancellationToken.None));
        Assert.True(objects.ContainsKey("media/org/2026/11/a.png"));
        await store.DeleteAsync("org/2026/11/a.png", CancellationToken.None);
        await store.DeleteAsync("org/2026/11/a.png", CancellationToken.None);
        Assert.Empty(objects);
    }
}

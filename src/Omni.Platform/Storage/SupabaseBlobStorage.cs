using System.Net;
using System.Net.Http.Headers;

namespace Omni.Platform.Storage;

/// <summary>Blobs in a Supabase Storage bucket through its REST API (<c>/storage/v1/object/{bucket}/{key}</c>),
/// authenticated with the project's service key (storage is server-side only here).</summary>
internal sealed class SupabaseBlobStorage(HttpClient http, string bucket, string serviceKey) : IBlobStorage
{
    public const string HttpClientName = "supabase-storage";

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"storage/v1/object/{bucket}/{key}")
        {
            Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        request.Headers.Add("x-upsert", "true");
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Supabase Storage refused the upload ({(int)response.StatusCode}).", null, response.StatusCode);
    }

    public async Task<StoredBlob?> GetAsync(string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"storage/v1/object/authenticated/{bucket}/{key}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest) return null;
        response.EnsureSuccessStatusCode();
        return new StoredBlob(await response.Content.ReadAsByteArrayAsync(ct), response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream");
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"storage/v1/object/{bucket}/{key}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest) return;
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Supabase Storage refused the delete ({(int)response.StatusCode}).", null, response.StatusCode);
    }
}

using System.Net.Http.Headers;

namespace Omni.Tests.Messaging.Outbound;

/// <summary>Message uploads as a client sends them: <c>multipart/form-data</c> with a file and fields.</summary>
public static class UploadForms
{
    public static MultipartFormDataContent Form(byte[]? file, string mimeType = "image/png", string fileName = "photo.png",
        IDictionary<string, string>? fields = null, string? boundary = null)
    {
        var form = boundary is null ? new MultipartFormDataContent() : new MultipartFormDataContent(boundary);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>()) form.Add(new StringContent(value), name);
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
            form.Add(content, "file", fileName);
        }
        return form;
    }

    /// <summary>Bytes that start like a PNG, <paramref name="size"/> long, different for every call.</summary>
    public static byte[] Png(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid conversationId, HttpContent form, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{conversationId}/messages") { Content = form };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }
}

public static class JsonFields
{
    public static string? Str(this System.Text.Json.JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}

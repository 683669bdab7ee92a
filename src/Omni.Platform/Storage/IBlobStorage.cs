namespace Omni.Platform.Storage;

/// <summary>Where media bytes live: Supabase Storage when configured, a folder under the data directory
/// otherwise. Keys are ours (org/yyyy/mm/id), never taken from users.</summary>
public interface IBlobStorage
{
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct);

    Task<StoredBlob?> GetAsync(string key, CancellationToken ct);

    /// <summary>Removes the blob; a key that holds nothing is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

public sealed record StoredBlob(byte[] Content, string ContentType);

public static class BlobKeys
{
    public static string For(Guid orgId, Guid id, string? extension = null) =>
        $"{orgId:N}/{DateTime.UtcNow:yyyy/MM}/{id:N}{(string.IsNullOrEmpty(extension) ? "" : "." + extension.TrimStart('.'))}";
}

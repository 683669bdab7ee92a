namespace Omni.Platform.Storage;

/// <summary>Blobs as files under <c>.data/blobs</c> (the embedded default), written atomically.</summary>
internal sealed class LocalBlobStorage(string root) : IBlobStorage
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(tmp, content.ToArray(), ct);
        await File.WriteAllTextAsync(tmp + ".type", contentType, ct);
        File.Move(tmp + ".type", path + ".type", overwrite: true);
        File.Move(tmp, path, overwrite: true);
    }

    public async Task<StoredBlob?> GetAsync(string key, CancellationToken ct)
    {
        var path = PathFor(key);
        if (!File.Exists(path)) return null;
        var type = File.Exists(path + ".type") ? await File.ReadAllTextAsync(path + ".type", ct) : "application/octet-stream";
        return new StoredBlob(await File.ReadAllBytesAsync(path, ct), type);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathFor(key);
        File.Delete(path);
        File.Delete(path + ".type");
        return Task.CompletedTask;
    }

    private string PathFor(string key)
    {
        if (key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key)) throw new ArgumentException("invalid blob key", nameof(key));
        return Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}

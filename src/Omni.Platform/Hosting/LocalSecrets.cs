using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omni.Platform.Hosting;

/// <summary>Secrets the embedded default generates once and keeps under the data directory (mode 600):
/// the local JWT secret, the encryption key and the local cluster's passwords.</summary>
public sealed class LocalSecrets
{
    [JsonPropertyName("jwt_secret")] public string JwtSecret { get; set; } = "";
    [JsonPropertyName("encryption_key")] public string EncryptionKey { get; set; } = "";
    [JsonPropertyName("postgres_password")] public string PostgresPassword { get; set; } = "";
    [JsonPropertyName("app_password")] public string AppPassword { get; set; } = "";

    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static LocalSecrets LoadOrCreate(string dataDirectory)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(dataDirectory);
            var path = Path.Combine(dataDirectory, "secrets.json");
            var secrets = File.Exists(path)
                ? JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path)) ?? new LocalSecrets()
                : new LocalSecrets();

            var changed = false;
            changed |= Fill(secrets.JwtSecret, v => secrets.JwtSecret = v, () => Random(48));
            changed |= Fill(secrets.EncryptionKey, v => secrets.EncryptionKey = v, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            changed |= Fill(secrets.PostgresPassword, v => secrets.PostgresPassword = v, () => Random(24));
            changed |= Fill(secrets.AppPassword, v => secrets.AppPassword = v, () => Random(24));
            if (changed)
            {
                var tmp = path + ".tmp";
                File.WriteAllText(tmp, JsonSerializer.Serialize(secrets, Indented));
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.Move(tmp, path, overwrite: true);
            }
            return secrets;
        }
    }

    private static bool Fill(string current, Action<string> set, Func<string> create)
    {
        if (!string.IsNullOrEmpty(current)) return false;
        set(create());
        return true;
    }

    private static string Random(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Omni.Platform.Security;

/// <summary>Encrypts third-party credentials (bot tokens, app secrets, AI keys, passwords) at rest with
/// AES-256-GCM. Each sealed value is bound to a context string (e.g. <c>channel:{id}:bot_token</c>) as
/// associated data, so a ciphertext copied into another row does not open. The envelope names the key
/// that sealed it, so keys can rotate: <c>OMNI_ENCRYPTION_KEY</c> seals, <c>OMNI_ENCRYPTION_KEYS_PREVIOUS</c>
/// (comma-separated) still open older values.</summary>
public sealed class SecretBox
{
    private const string Version = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeyIdSize = 4;

    private readonly byte[] _current;
    private readonly byte[] _currentId;
    private readonly Dictionary<string, byte[]> _byId;

    public SecretBox(byte[] currentKey, IEnumerable<byte[]>? previousKeys = null)
    {
        if (currentKey.Length != 32) throw new ArgumentException("The encryption key must be 32 bytes (256 bits).", nameof(currentKey));
        _current = currentKey;
        _currentId = KeyId(currentKey);
        _byId = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Convert.ToHexString(_currentId)] = currentKey };
        foreach (var k in previousKeys ?? [])
        {
            if (k.Length != 32) throw new ArgumentException("Every previous encryption key must be 32 bytes.", nameof(previousKeys));
            _byId.TryAdd(Convert.ToHexString(KeyId(k)), k);
        }
    }

    /// <summary>A key for another purpose (e.g. signing links), derived from the current key with HKDF so
    /// the encryption key itself is never used for anything but sealing.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _current, 32, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>Parses a key given as base64 (44 chars) or hex (64 chars).</summary>
    public static byte[] ParseKey(string text)
    {
        text = text.Trim();
        byte[] key;
        try
        {
            key = text.Length == 64 && text.All(Uri.IsHexDigit) ? Convert.FromHexString(text) : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("OMNI_ENCRYPTION_KEY must be 32 bytes as base64 or hex.");
        }
        return key.Length == 32 ? key : throw new InvalidOperationException("OMNI_ENCRYPTION_KEY must be 32 bytes as base64 or hex.");
    }

    public string Seal(string plaintext, string context)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[KeyIdSize + NonceSize + TagSize + plain.Length];
        var keyId = blob.AsSpan(0, KeyIdSize);
        var nonce = blob.AsSpan(KeyIdSize, NonceSize);
        var tag = blob.AsSpan(KeyIdSize + NonceSize, TagSize);
        var cipher = blob.AsSpan(KeyIdSize + NonceSize + TagSize);
        _currentId.CopyTo(keyId);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current, TagSize);
        aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(context));
        CryptographicOperations.ZeroMemory(plain);
        return Version + "." + Base64Url.EncodeToString(blob);
    }

    /// <exception cref="CryptographicException">Tampered, sealed for another context, or with an unknown key.</exception>
    public string Open(string sealedValue, string context)
    {
        if (!sealedValue.StartsWith(Version + ".", StringComparison.Ordinal)) throw new CryptographicException("Not a sealed value.");
        byte[] blob;
        try { blob = Base64Url.DecodeFromChars(sealedValue.AsSpan(Version.Length + 1)); }
        catch (FormatException e) { throw new CryptographicException("Not a sealed value.", e); }
        if (blob.Length < KeyIdSize + NonceSize + TagSize) throw new CryptographicException("Not a sealed value.");

        if (!_byId.TryGetValue(Convert.ToHexString(blob.AsSpan(0, KeyIdSize)), out var key))
            throw new CryptographicException("Sealed with a key this server does not have.");
        var plain = new byte[blob.Length - KeyIdSize - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob.AsSpan(KeyIdSize, NonceSize), blob.AsSpan(KeyIdSize + NonceSize + TagSize), blob.AsSpan(KeyIdSize + NonceSize, TagSize),
            plain, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>For showing that a secret is set without showing it: <c>••••abcd</c>.</summary>
    public static string Mask(string plaintext) => plaintext.Length <= 4 ? "••••" : "••••" + plaintext[^4..];

    private static byte[] KeyId(byte[] key) => SHA256.HashData(key)[..KeyIdSize];
}

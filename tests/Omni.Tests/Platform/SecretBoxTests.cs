using System.Security.Cryptography;
using Omni.Platform.Security;

namespace Omni.Tests.Platform;

public sealed class SecretBoxTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_sealed_secret_opens_with_the_same_key_and_context_and_does_not_contain_the_plaintext()
    {
        var box = new SecretBox(Key);

        var sealedToken = box.Seal("bot-token-123456:ABC", "channel:1:bot_token");

        Assert.DoesNotContain("bot-token", sealedToken, StringComparison.Ordinal);
        Assert.Equal("bot-token-123456:ABC", box.Open(sealedToken, "channel:1:bot_token"));
        Assert.NotEqual(sealedToken, box.Seal("bot-token-123456:ABC", "channel:1:bot_token")); // fresh nonce
    }

    [Fact]
    public void A_secret_sealed_for_one_row_does_not_open_for_another()
    {
        var box = new SecretBox(Key);
        var sealedToken = box.Seal("secret", "channel:1:bot_token");

        Assert.ThrowsAny<CryptographicException>(() => box.Open(sealedToken, "channel:2:bot_token"));
    }

    [Fact]
    public void A_tampered_or_foreign_value_does_not_open()
    {
        var box = new SecretBox(Key);
        var sealedToken = box.Seal("secret", "ctx");
        var tampered = sealedToken[..^2] + (sealedToken[^2] == 'A' ? "B" : "A") + sealedToken[^1];

        Assert.ThrowsAny<CryptographicException>(() => box.Open(tampered, "ctx"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretBox(RandomNumberGenerator.GetBytes(32)).Open(sealedToken, "ctx"));
        Assert.ThrowsAny<CryptographicException>(() => box.Open("plaintext", "ctx"));
    }

    [Fact]
    public void After_a_key_rotation_old_values_still_open_and_new_ones_use_the_new_key()
    {
        var oldBox = new SecretBox(Key);
        var oldValue = oldBox.Seal("old secret", "ctx");
        var newKey = RandomNumberGenerator.GetBytes(32);
        var rotated = new SecretBox(newKey, [Key]);

        Assert.Equal("old secret", rotated.Open(oldValue, "ctx"));
        var newValue = rotated.Seal("new secret", "ctx");
        Assert.ThrowsAny<CryptographicException>(() => oldBox.Open(newValue, "ctx"));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("bm90LTMyLWJ5dGVz")]
    public void A_key_that_is_not_32_bytes_is_refused(string key) =>
        Assert.Throws<InvalidOperationException>(() => SecretBox.ParseKey(key));

    [Fact]
    public void Masking_shows_only_the_last_four_characters() =>
        Assert.Equal("••••wxyz", SecretBox.Mask("abcdefghijklmnopqrstuvwxyz"));
}

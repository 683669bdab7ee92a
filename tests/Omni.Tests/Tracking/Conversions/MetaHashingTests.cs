using Omni.Tracking.Conversions;

namespace Omni.Tests.Tracking.Conversions;

/// <summary>Customer information is normalized as Meta says before it is hashed (the reference's test vectors),
/// and a value already hashed is never hashed again.</summary>
public sealed class MetaHashingTests
{
    [Theory]
    [InlineData(" Joe@Example.com ", "2481f36dfc515ca76451aaadf1399026942a01ee50c6d0a61988b43cef039bc2")]
    [InlineData("joe@example.com", "2481f36dfc515ca76451aaadf1399026942a01ee50c6d0a61988b43cef039bc2")]
    [InlineData("2481f36dfc515ca76451aaadf1399026942a01ee50c6d0a61988b43cef039bc2", "2481f36dfc515ca76451aaadf1399026942a01ee50c6d0a61988b43cef039bc2")]
    [InlineData("not an email", null)]
    public void An_email_is_trimmed_and_lowercased_before_hashing(string raw, string? expected) => Assert.Equal(expected, MetaHashing.Email(raw));

    [Theory]
    [InlineData("+1 (650) 555-1234")]
    [InlineData("001 650 555 1234")]
    [InlineData("16505551234")]
    public void A_phone_keeps_only_its_digits_with_the_country_code(string raw) =>
        Assert.Equal("6069d14bf122fdfd931dc7beb58e5dfbba395b1faf05bdcd42d12358d63d8599", MetaHashing.Phone(raw));

    [Fact]
    public void Names_lose_case_and_punctuation_and_external_ids_are_hashed()
    {
        Assert.Equal(MetaHashing.Sha256("mary"), MetaHashing.Name(" Mary. "));
        Assert.Equal(MetaHashing.Sha256("oconnor"), MetaHashing.Name("O'Connor"));
        Assert.Equal("8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92", MetaHashing.ExternalId("123456"));
    }

    [Theory]
    [InlineData("page", "Home", "PageView")]
    [InlineData("track", "Purchase", "Purchase")]
    [InlineData("track", "purchase", "Purchase")]
    [InlineData("track", "begin_checkout", "InitiateCheckout")]
    [InlineData("track", "QuizCompleted", "QuizCompleted")]
    public void Event_names_match_what_the_pixel_sends(string type, string name, string expected) => Assert.Equal(expected, MetaEventNames.Of(type, name));
}

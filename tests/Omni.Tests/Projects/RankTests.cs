using Omni.Projects.Ranking;

namespace Omni.Tests.Projects;

public sealed class RankTests
{
    [Fact]
    public void A_key_between_two_others_sorts_between_them_in_byte_order()
    {
        var first = Rank.Between(null, null);
        var after = Rank.Between(first, null);
        var before = Rank.Between(null, first);
        var middle = Rank.Between(first, after);

        Assert.True(string.CompareOrdinal(before, first) < 0);
        Assert.True(string.CompareOrdinal(first, middle) < 0);
        Assert.True(string.CompareOrdinal(middle, after) < 0);
    }

    [Fact]
    public void Appending_ten_thousand_keys_keeps_them_short_and_ordered()
    {
        var keys = new List<string>();
        string? last = null;
        for (var i = 0; i < 10_000; i++) keys.Add(last = Rank.Between(last, null));

        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.True(keys.Max(k => k.Length) <= 4, $"longest: {keys.Max(k => k.Length)}");
    }

    [Fact]
    public void Inserting_into_one_gap_grows_keys_by_about_one_character_per_six_inserts_until_a_rebalance_is_due()
    {
        var low = Rank.Between(null, null);
        var high = Rank.Between(low, null);
        var inserts = 0;
        var key = high;
        while (!Rank.NeedsRebalance(key))
        {
            key = Rank.Between(low, key);
            inserts++;
        }

        Assert.InRange(inserts, 100, 160);
    }

    [Fact]
    public void Spread_gives_short_ordered_keys_between_two_bounds()
    {
        var keys = Rank.Spread("a0", "a1", 1000);

        Assert.Equal(1000, keys.Distinct().Count());
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.All(keys, k => Assert.True(string.CompareOrdinal("a0", k) < 0 && string.CompareOrdinal(k, "a1") < 0));
        Assert.True(keys.Max(k => k.Length) <= 5);
    }

    [Theory]
    [InlineData("a0")]
    [InlineData("a0V")]
    [InlineData("b0z")]
    [InlineData("Zz")]
    public void Valid_keys_are_recognised(string key) => Assert.True(Rank.IsValid(key));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a0V0")]
    [InlineData("a0-")]
    [InlineData("0a")]
    public void Invalid_keys_are_refused(string key) => Assert.False(Rank.IsValid(key));
}

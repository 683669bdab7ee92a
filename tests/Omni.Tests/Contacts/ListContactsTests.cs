using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class ListContactsTests
{
    [Fact]
    public async Task Walking_130_contacts_50_at_a_time_yields_each_once_newest_first_and_ends_with_a_null_cursor()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 130; i++) created.Add(await client.CreateContactIdAsync(new { name = $"Person {i:D3}" }));

        var walked = new List<Guid>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var url = $"{ContactsKit.Contacts}?limit=50" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var response = await client.GetAsync(url);
            var page = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, page.ToString());
            walked.AddRange(page.Ids());
            pageSizes.Add(page.GetProperty("items").GetArrayLength());
            var next = page.GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            Assert.True(pageSizes.Count <= 3, "the walk did not end after three pages");
        }
        while (cursor is not null);

        Assert.Equal([50, 50, 30], pageSizes);
        created.Reverse();
        Assert.Equal(created, walked);
    }

    [Fact]
    public async Task Without_a_limit_a_page_holds_50_contacts()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        for (var i = 0; i < 51; i++) await client.CreateContactIdAsync(new { name = $"P{i}" });

        var page = await (await client.GetAsync(ContactsKit.Contacts)).ReadJsonAsync();

        Assert.Equal(50, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, page.GetProperty("next_cursor").ValueKind);
    }

    [Theory]
    [InlineData("sil")]
    [InlineData("SILVA")]
    [InlineData("ria sil")]
    public async Task Q_finds_a_contact_by_a_piece_of_its_name_in_any_case(string q)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var maria = await client.CreateContactIdAsync(new { name = "Maria Silva" });
        await client.CreateContactIdAsync(new { name = "João Souza" });

        var found = await client.SearchAsync($"q={Uri.EscapeDataString(q)}");

        Assert.Equal([maria], found);
    }

    [Theory]
    [InlineData("maria.silva@example.com")]
    [InlineData("MARIA.SILVA@EXAMPLE.COM")]
    [InlineData("maria.silva@")]
    public async Task Q_finds_a_contact_by_its_email(string q)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var maria = await client.CreateContactIdAsync(new { name = "M", email = "Maria.Silva@example.com" });
        await client.CreateContactIdAsync(new { name = "J", email = "joao@example.com" });

        var found = await client.SearchAsync($"q={Uri.EscapeDataString(q)}");

        Assert.Equal([maria], found);
    }

    [Theory]
    [InlineData("+5511987654321")]
    [InlineData("5511987654321")]
    [InlineData("+55 (11) 98765-4321")]
    [InlineData("(11) 98765-4321")]
    [InlineData("11 98765 4321")]
    [InlineData("98765-4321")]
    [InlineData("987.654.321")]
    public async Task Q_finds_a_contact_by_the_digits_of_its_phone_in_any_format(string q)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var maria = await client.CreateContactIdAsync(new { name = "Maria", phone = "+5511987654321" });
        await client.CreateContactIdAsync(new { name = "Other", phone = "+5521912345678" });

        var found = await client.SearchAsync($"q={Uri.EscapeDataString(q)}");

        Assert.Equal([maria], found);
    }

    [Theory]
    [InlineData("CRM-00042")]
    [InlineData("crm-00042")]
    [InlineData("@Maria_TG")]
    public async Task Q_finds_a_contact_by_any_identifier_in_any_case(string q)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var maria = await client.CreateContactIdAsync(new
        {
            identifiers = new[] { new { type = "external", value = "CRM-00042" }, new { type = "telegram", value = "@maria_tg" } },
        });
        await client.CreateContactIdAsync(new { identifiers = new[] { new { type = "external", value = "CRM-00043" } } });

        var found = await client.SearchAsync($"q={Uri.EscapeDataString(q)}");

        Assert.Equal([maria], found);
    }

    [Fact]
    public async Task Q_treats_percent_and_underscore_as_plain_characters()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var percent = await client.CreateContactIdAsync(new { name = "100% Cotton" });
        await client.CreateContactIdAsync(new { name = "1000 Cotton" });
        var underscore = await client.CreateContactIdAsync(new { name = "ab_cd" });
        await client.CreateContactIdAsync(new { name = "abxcd" });

        Assert.Equal([percent], await client.SearchAsync("q=" + Uri.EscapeDataString("100%")));
        Assert.Equal([underscore], await client.SearchAsync("q=" + Uri.EscapeDataString("b_c")));
        Assert.Equal([percent], await client.SearchAsync("q=" + Uri.EscapeDataString("%")));
        Assert.Equal([underscore], await client.SearchAsync("q=" + Uri.EscapeDataString("_")));
    }

    [Fact]
    public async Task Tag_keeps_only_the_contacts_carrying_it()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var vip1 = await client.CreateContactIdAsync(new { name = "A", tags = new[] { "vip" } });
        await client.CreateContactIdAsync(new { name = "B", tags = new[] { "lead" } });
        var vip2 = await client.CreateContactIdAsync(new { name = "C", tags = new[] { "lead", "vip" } });
        await client.CreateContactIdAsync(new { name = "D", tags = new[] { "VIP-ish" } });

        var found = await client.SearchAsync("tag=vip");

        Assert.Equal([vip2, vip1], found);
    }

    [Fact]
    public async Task Q_and_tag_together_keep_only_contacts_matching_both()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var both = await client.CreateContactIdAsync(new { name = "Ana Vip", tags = new[] { "vip" } });
        await client.CreateContactIdAsync(new { name = "Ana Plain" });
        await client.CreateContactIdAsync(new { name = "Bea", tags = new[] { "vip" } });

        Assert.Equal([both], await client.SearchAsync("q=ana&tag=vip"));
    }

    [Theory]
    [InlineData("limit=0", "validation_failed")]
    [InlineData("limit=201", "validation_failed")]
    [InlineData("limit=-5", "validation_failed")]
    [InlineData("cursor=not-a-cursor", "invalid_cursor")]
    [InlineData("cursor=AAAA", "invalid_cursor")]
    [InlineData("cursor=garbage", "invalid_cursor")]
    [InlineData("cursor=%25%25%25", "invalid_cursor")]
    public async Task An_invalid_limit_or_cursor_is_a_400(string query, string code)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.GetAsync($"{ContactsKit.Contacts}?{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task The_largest_allowed_limit_is_200()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{ContactsKit.Contacts}?limit=200")).StatusCode);
    }
}

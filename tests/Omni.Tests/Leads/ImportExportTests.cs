using System.Net;
using System.Text;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Leads;

public sealed class ImportExportTests
{
    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_dry_run_reports_each_bad_row_by_line_and_changes_nothing_and_a_real_run_with_errors_imports_nothing()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        const string file = """
            title,value,currency,stage,status,email,expected_close_date
            Good one,100,BRL,New,,good@example.com,2026-05-01
            ,100,BRL,New,,,
            Bad value,abc,BRL,,,,
            Bad stage,1,USD,Nowhere,,,
            Bad date,,,,,,31/12/2026
            Bad email,,,,,not-an-email,
            """;

        var dry = await client.PostAsync($"{LeadsKit.Leads}/import?dry_run=true", Csv(file));
        var report = await dry.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(6, report.GetProperty("rows").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "title"), (4, "value"), (5, "stage"), (6, "expected_close_date"), (7, "email")], errors);
        var real = await client.PostAsync($"{LeadsKit.Leads}/import", Csv(file));
        await real.AssertInvalidFieldsAsync("rows[3].title", "rows[7].email");
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>("select count(*) from leads.leads where org_id = $1", org));
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>("select count(*) from contacts.contacts where org_id = $1", org));
    }

    [Fact]
    public async Task An_import_makes_leads_and_contacts_and_an_export_imports_back_into_the_same_leads()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var email = $"{Guid.NewGuid():N}@example.com";
        var file = $"""
            title,value,currency,stage,source,email,assignee_email,expected_close_date,industry
            "Acme, Inc.",12500.5,brl,Qualified,fair,{email},{owner.Email},2026-03-31,Retail
            =Formula-looking,,,Won,,,,,
            "Line
            break",7,USD,,,,,,
            """;

        var imported = await client.PostAsync($"{LeadsKit.Leads}/import", Csv(file));
        var report = await imported.ReadJsonAsync();
        Assert.True(imported.StatusCode == HttpStatusCode.OK, report.ToString());
        Assert.Equal(3, report.GetProperty("imported").GetInt32());

        var leads = (await client.GetOkAsync(LeadsKit.Leads)).GetProperty("items").EnumerateArray().ToList();
        var acme = leads.Single(l => l.GetProperty("title").GetString() == "Acme, Inc.");
        Assert.Equal(("BRL", 12500.5m, "fair", owner.Id, "Retail"), (acme.GetProperty("currency").GetString(), acme.GetProperty("value").GetDecimal(),
            acme.GetProperty("source").GetString(), acme.GetProperty("assignee_id").GetGuid(), acme.GetProperty("custom_fields").GetProperty("industry").GetString()));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, acme.GetProperty("contact_id").ValueKind);
        Assert.Equal("won", leads.Single(l => l.GetProperty("title").GetString() == "=Formula-looking").GetProperty("status").GetString());
        var history = await client.GetOkAsync($"{LeadsKit.Leads}/{acme.GetProperty("id")}/activities");
        Assert.Equal(["imported"], history.Types());

        var export = await client.GetAsync($"{LeadsKit.Leads}/export");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Contains("'=Formula-looking", csv, StringComparison.Ordinal);
        var (owner2, org2) = await api.NewOrgAsync();
        using var other = api.Client(owner2.Token, org2);
        var back = await other.PostAsync($"{LeadsKit.Leads}/import", Csv(csv.Replace(acme.GetProperty("contact_id").GetGuid().ToString(), "", StringComparison.Ordinal)
            .Replace(owner.Id.ToString(), owner2.Id.ToString(), StringComparison.Ordinal)));
        Assert.True(back.StatusCode == HttpStatusCode.OK, await back.Content.ReadAsStringAsync());

        static IEnumerable<string> Shape(System.Text.Json.JsonElement page) => page.GetProperty("items").EnumerateArray()
            .Select(l => $"{l.GetProperty("title")}|{l.GetProperty("value")}|{l.GetProperty("currency")}|{l.GetProperty("status")}|{l.GetProperty("source")}|{l.GetProperty("expected_close_date")}|{l.GetProperty("custom_fields")}")
            .Order();
        Assert.Equal(Shape(await client.GetOkAsync(LeadsKit.Leads)), Shape(await other.GetOkAsync(LeadsKit.Leads)));
    }

    [Fact]
    public async Task A_csv_without_a_title_column_or_with_too_many_rows_is_refused()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);

        var noTitle = await client.PostAsync($"{LeadsKit.Leads}/import", Csv("name,value\nA,1\n"));
        var tooMany = await client.PostAsync($"{LeadsKit.Leads}/import?dry_run=true", Csv("title\n" + string.Concat(Enumerable.Repeat("x\n", 5001))));

        await noTitle.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_csv");
        await tooMany.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task An_import_retried_with_the_same_idempotency_key_imports_once()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{LeadsKit.Leads}/import") { Content = Csv("title,value,currency\nOne,1,EUR\nTwo,2,EUR\n") };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }
        var first = await SendAsync();
        var second = await SendAsync();

        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        Assert.Equal(2, (await second.ReadJsonAsync()).GetProperty("imported").GetInt32());
        Assert.Equal(2L, await api.Database.AdminScalarAsync<long>("select count(*) from leads.leads where org_id = $1", org));
    }
}

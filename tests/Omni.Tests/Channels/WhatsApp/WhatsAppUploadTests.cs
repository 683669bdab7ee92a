using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;
using Omni.Tests.Messaging.Outbound;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>A file uploaded with a message: kept in our storage, uploaded to WhatsApp's media endpoint when
/// sent, and sent by the media id it got there. Refused up front, with nothing stored, when it cannot go.</summary>
public sealed class WhatsAppUploadTests
{
    private const string Customer = "16505551234";

    [Fact]
    public async Task An_uploaded_image_larger_than_a_json_body_is_stored_uploaded_to_whatsapp_and_sent_by_its_media_id()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var image = UploadForms.Png(1_500_000); // over the 1 MiB the JSON routes take

        var response = await kit.Client.UploadAsync(conversation, UploadForms.Form(image, "image/png", "label.png",
            new Dictionary<string, string> { ["content"] = "Your shipping label" }));

        var queued = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, queued.ToString());
        Assert.Equal(("image", "queued", "Your shipping label"), (queued.Str("type"), queued.Str("status"), queued.Str("content")));
        var id = queued.GetProperty("id").GetGuid();
        var attachment = (await kit.RowsAsync("select * from messaging.attachments where message_id = $1", id)).Single();
        Assert.Equal(("stored", "image/png", "label.png", 1_500_000L), (attachment.Str("status"), attachment.Str("mime_type"), attachment.Str("file_name"), (long)attachment["size_bytes"]!));

        await kit.MessageReachesAsync(id, "sent");
        var sent = Assert.Single(kit.Fake.Accepted).Body.GetProperty("image");
        Assert.False(sent.TryGetProperty("link", out _));
        Assert.Equal("Your shipping label", sent.GetProperty("caption").GetString());
        var uploaded = kit.Fake.Uploaded(sent.GetProperty("id").GetString()!);
        Assert.NotNull(uploaded);
        Assert.Equal(image, uploaded.Value.Bytes);
        Assert.Equal("image/png", uploaded.Value.MimeType);
        var upload = Assert.Single(kit.Fake.Requests, r => r.Path.EndsWith("/media", StringComparison.Ordinal));
        Assert.Equal($"/{Infrastructure.Fakes.FakeWhatsApp.Version}/{number.PhoneNumberId}/media", upload.Path);

        // and the team reads the same bytes back from the inbox
        var content = await kit.Client.GetAsync($"/api/v1/attachments/{attachment.Id()}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(image, await content.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_document_upload_keeps_its_file_name_and_a_private_note_with_a_file_is_never_sent()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var pdf = "%PDF-1.7 receipt"u8.ToArray();

        var document = await (await kit.Client.UploadAsync(conversation, UploadForms.Form(pdf, "application/pdf", "receipt 2026.pdf"))).ReadJsonAsync();
        var note = await (await kit.Client.UploadAsync(conversation, UploadForms.Form(pdf, "application/pdf", "internal.pdf",
            new Dictionary<string, string> { ["private"] = "true", ["content"] = "For the team" }))).ReadJsonAsync();

        await kit.MessageReachesAsync(document.GetProperty("id").GetGuid(), "sent");
        Assert.Equal(("file", "sent", true), (note.Str("type"), note.Str("status"), note.GetProperty("private").GetBoolean()));
        var sent = Assert.Single(kit.Fake.Accepted).Body.GetProperty("document");
        Assert.Equal("receipt 2026.pdf", sent.GetProperty("filename").GetString());
        Assert.Equal(pdf, kit.Fake.Uploaded(sent.GetProperty("id").GetString()!)!.Value.Bytes);
        await kit.JobsSettledAsync();
        Assert.Single(kit.Fake.Requests, r => r.Path.EndsWith("/media", StringComparison.Ordinal));
        Assert.Equal(2, await kit.CountAsync("select count(*) from messaging.attachments where status = 'stored' and org_id = $1", kit.OrgId));
    }

    [Fact]
    public async Task A_retried_upload_with_the_same_idempotency_key_is_one_message_sent_once()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var image = UploadForms.Png(20_000);
        var fields = new Dictionary<string, string> { ["content"] = "Once" };

        // A client library retrying makes a new multipart boundary each time
        var first = await kit.Client.UploadAsync(conversation, UploadForms.Form(image, fields: fields, boundary: "first-boundary"), "upload-1");
        var retry = await kit.Client.UploadAsync(conversation, UploadForms.Form(image, fields: fields, boundary: "second-boundary"), "upload-1");
        var other = await kit.Client.UploadAsync(conversation, UploadForms.Form(UploadForms.Png(20_000), fields: fields), "upload-1");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("id").GetGuid(), (await retry.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        await kit.JobsSettledAsync();
        Assert.Single(kit.Fake.Accepted);
        Assert.Equal(1, await kit.CountAsync("select count(*) from messaging.attachments where org_id = $1", kit.OrgId));
    }

    [Theory]
    [InlineData("no-file", 400, "validation_failed")]
    [InlineData("two-files", 400, "validation_failed")]
    [InlineData("unknown-field", 400, "validation_failed")]
    [InlineData("empty-file", 400, "validation_failed")]
    [InlineData("executable", 400, "validation_failed")]
    [InlineData("pdf-as-image", 400, "validation_failed")]
    [InlineData("bad-private", 400, "validation_failed")]
    [InlineData("over-whatsapp-image-limit", 413, "media_too_large")]
    [InlineData("over-the-api-limit", 413, "media_too_large")]
    [InlineData("caption-too-long", 400, "caption_too_long")]
    public async Task An_upload_that_cannot_go_is_refused_up_front_and_changes_nothing(string @case, int status, string code)
    {
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Media:MaxBytes"] = (8 * 1024 * 1024).ToString() });
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var before = await kit.CountAsync("select count(*) from messaging.messages where org_id = $1", kit.OrgId);
        var png = UploadForms.Png(1000);

        HttpContent form = @case switch
        {
            "no-file" => UploadForms.Form(null, fields: new Dictionary<string, string> { ["content"] = "where is it" }),
            "two-files" => TwoFiles(png),
            "unknown-field" => UploadForms.Form(png, fields: new Dictionary<string, string> { ["caption"] = "typo for content" }),
            "empty-file" => UploadForms.Form([]),
            "executable" => UploadForms.Form(png, "application/x-msdownload", "setup.exe"),
            "pdf-as-image" => UploadForms.Form("%PDF"u8.ToArray(), "application/pdf", "a.pdf", new Dictionary<string, string> { ["type"] = "image" }),
            "bad-private" => UploadForms.Form(png, fields: new Dictionary<string, string> { ["private"] = "yes" }),
            "over-whatsapp-image-limit" => UploadForms.Form(UploadForms.Png(5 * 1024 * 1024 + 1)),
            "over-the-api-limit" => UploadForms.Form(UploadForms.Png(9 * 1024 * 1024), "application/pdf", "big.pdf"),
            "caption-too-long" => UploadForms.Form(png, fields: new Dictionary<string, string> { ["content"] = new string('x', 1025) }),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        var response = await kit.Client.UploadAsync(conversation, form);

        var problem = await response.ReadJsonAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode} {problem}");
        Assert.Equal(code, problem.Str("code"));
        Assert.Equal(before, await kit.CountAsync("select count(*) from messaging.messages where org_id = $1", kit.OrgId));
        Assert.Equal(0, await kit.CountAsync("select count(*) from messaging.attachments where org_id = $1", kit.OrgId));
        Assert.DoesNotContain(kit.Fake.Requests, r => r.Path.EndsWith("/media", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_neither_json_nor_a_form_is_415_and_changes_nothing()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);

        var response = await kit.Client.PostAsync($"/api/v1/conversations/{conversation}/messages",
            new StringContent("""{"type":"text","content":"hi"}""", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", (await response.ReadJsonAsync()).Str("code"));
        Assert.Equal(1, await kit.CountAsync("select count(*) from messaging.messages where org_id = $1", kit.OrgId));
    }

    [Fact]
    public async Task Swagger_documents_the_upload_form_on_the_send_operation()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        using var doc = JsonDocument.Parse(await kit.Client.GetStringAsync("/swagger/v1/swagger.json"));

        var body = doc.RootElement.GetProperty("paths").GetProperty("/api/v1/conversations/{id}/messages").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(body.TryGetProperty("application/json", out _));
        var form = body.GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Equal(["file"], form.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private static MultipartFormDataContent TwoFiles(byte[] png)
    {
        var form = UploadForms.Form(png);
        var second = new ByteArrayContent(png);
        second.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(second, "file", "again.png");
        return form;
    }
}

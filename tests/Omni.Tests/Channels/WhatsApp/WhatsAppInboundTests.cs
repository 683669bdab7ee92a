using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;
using static Omni.Tests.Infrastructure.Fakes.WhatsAppWebhooks;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Inbound messages: contacts keyed on wa_id (E.164), one open conversation, every message type
/// stored, replays stored once, batched entries routed to their channels.</summary>
public sealed class WhatsAppInboundTests
{
    [Fact]
    public async Task An_inbound_text_creates_the_contact_with_its_e164_number_a_conversation_and_the_message()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var wamid = NewWamid();
        var sentAt = DateTimeOffset.UtcNow.AddMinutes(-2);

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, "16505551234", "Sheena Nelson", Text("16505551234", "Does it come in another color?", wamid, sentAt)), number);

        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.messages") == 1, "no message stored", () => Task.FromResult(kit.Api.RecentErrors()));
        var message = (await kit.RowsAsync("select * from messaging.messages")).Single();
        Assert.Equal(("inbound", "text", "Does it come in another color?", wamid, "contact"),
            (message.Str("direction"), message.Str("type"), message.Str("content"), message.Str("external_id"), message.Str("sender_type")));
        Assert.Equal(sentAt.ToUnixTimeSeconds(), new DateTimeOffset((DateTime)message["sent_at"]!).ToUnixTimeSeconds());

        var contact = (await kit.RowsAsync("select * from contacts.contacts")).Single();
        Assert.Equal(("Sheena Nelson", "+16505551234"), (contact.Str("name"), contact.Str("phone")));
        Assert.Equal(1, await kit.CountAsync("select count(*) from contacts.contact_identifiers where type = 'whatsapp' and value = '+16505551234'"));
        var conversation = (await kit.RowsAsync("select * from messaging.conversations")).Single();
        Assert.Equal((channelId, contact.Id(), message.Id("conversation_id")), (conversation.Id("channel_id"), conversation.Id("contact_id"), conversation.Id()));
        Assert.Equal("16505551234", await kit.Database.AdminScalarAsync<string>("select source_id from messaging.contact_inboxes"));
        Assert.Equal(1, (int)conversation["unread_count"]!);
    }

    [Fact]
    public async Task The_contact_is_keyed_on_wa_id_even_when_from_is_written_differently()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();

        // Meta's wa_id can differ from "from" (e.g. Brazilian numbers and their ninth digit).
        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, "5511987654321", "Ana", Text("551187654321", "oi")), number);

        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.messages") == 1, "no message stored");
        Assert.Equal("+5511987654321", await kit.Database.AdminScalarAsync<string>("select phone from contacts.contacts"));
        Assert.Equal("5511987654321", await kit.Database.AdminScalarAsync<string>("select source_id from messaging.contact_inboxes"));
    }

    [Fact]
    public async Task A_replayed_webhook_stores_its_message_once()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var body = Messages(number, "16505551234", "Sheena", Text("16505551234", "once, please"));

        for (var i = 0; i < 3; i++) await kit.Fake.DeliverAsync(kit.Api.BaseAddress, body, number);
        await kit.JobsSettledAsync();

        Assert.Equal(3, await kit.CountAsync("select count(*) from channels.webhook_events where processed_at is not null"));
        Assert.Equal(1, await kit.CountAsync("select count(*) from messaging.messages"));
        Assert.Equal(1, await kit.Database.AdminScalarAsync<int>("select unread_count from messaging.conversations"));
    }

    [Fact]
    public async Task A_batch_with_entries_for_several_numbers_reaches_each_channel()
    {
        // Given two numbers of the same Meta app connected in two orgs
        await using var kit = await WhatsAppKit.StartAsync();
        var (firstChannel, first) = await kit.ConnectAsync();
        var (otherOwner, otherOrg) = await kit.Api.NewOrgAsync("Second org");
        using var otherClient = kit.Api.Client(otherOwner.Token, otherOrg);
        var second = kit.Fake.AddNumber() with { AppSecret = first.AppSecret };
        var (secondChannel, _) = await kit.ConnectAsync(second, otherClient);
        var stranger = kit.Fake.AddNumber();

        // When one POST carries an entry for each (two changes for the first), plus one for an unknown number
        var body = Batch(
            (first, [Change(first, MessagesValue("16505550001", "Ann", Text("16505550001", "first a"))),
                     Change(first, MessagesValue("16505550002", "Bob", Text("16505550002", "first b")))]),
            (second, [Change(second, MessagesValue("16505550003", "Cid", Text("16505550003", "second")))]),
            (stranger, [Change(stranger, MessagesValue("16505550004", "Dee", Text("16505550004", "nobody's")))]));
        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, body, first);
        await kit.JobsSettledAsync();

        // Then each channel got its own messages, in its own org, and nothing of the other's
        var rows = await kit.RowsAsync("select m.channel_id, m.content, m.org_id from messaging.messages m order by content");
        Assert.Equal(["first a", "first b", "second"], rows.Select(r => r.Str("content")!).ToArray());
        Assert.Equal([firstChannel, firstChannel, secondChannel], rows.Select(r => r.Id("channel_id")).ToArray());
        Assert.Equal([kit.OrgId, kit.OrgId, otherOrg], rows.Select(r => r.Id("org_id")).ToArray());
        var secondBody = await kit.Database.AdminScalarAsync<string>("select body from channels.webhook_events where channel_id = $1", secondChannel);
        Assert.DoesNotContain("first a", secondBody, StringComparison.Ordinal);
        Assert.DoesNotContain(first.PhoneNumberId, secondBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_message_type_is_stored_without_failing_the_batch()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        const string from = "16505551234";
        var media = kit.Fake.AddMedia(number, [1, 2, 3], "image/jpeg");
        var hash = FakeWhatsApp.WebhookHash([1, 2, 3]);
        var items = new (string Name, System.Text.Json.Nodes.JsonObject Item)[]
        {
            ("text", Text(from, "plain text")),
            ("image", Image(from, media, hash, caption: "Taj Mahal")),
            ("audio", Audio(from, media, hash, voice: true)),
            ("video", Video(from, media, hash, caption: "unboxing")),
            ("document", Document(from, media, hash, "receipt.pdf", caption: "my receipt")),
            ("sticker", Sticker(from, media, hash)),
            ("location", Location(from, 37.44221496582, -122.16165924072, "Philz Coffee", "101 Forest Ave, Palo Alto, CA 94301")),
            ("button_reply", ButtonReply(from, "cancel-button", "Cancel", "wamid.SENT_BY_US")),
            ("list_reply", ListReply(from, "priority_express", "Priority Mail Express", "Next Day to 2 Days", "wamid.SENT_BY_US")),
            ("button", TemplateButton(from, "Unsubscribe", "Unsubscribe", "wamid.TEMPLATE_WE_SENT")),
            ("reaction", Reaction(from, "wamid.SENT_BY_US", "\ud83d\udc4d")),
            ("reaction removed", Reaction(from, "wamid.SENT_BY_US", null)),
            ("contacts", SharedContacts(from, "Jane Doe", "+1 (650) 555-0000")),
            ("order", Order(from, "please deliver fast")),
            ("system", SystemNotice(from, "User A changed from 16505551234 to 16505559999", "16505559999")),
            ("unsupported", Unsupported(from)),
            ("made-up type", new System.Text.Json.Nodes.JsonObject { ["from"] = from, ["id"] = NewWamid(), ["timestamp"] = Timestamp(), ["type"] = "hologram", ["hologram"] = new System.Text.Json.Nodes.JsonObject { ["x"] = 1 } }),
        };
        var ids = items.Select(i => (i.Name, Id: i.Item["id"]!.GetValue<string>())).ToList();

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, from, "Sheena", items.Select(i => i.Item).ToArray()), number);
        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.messages") == items.Length,
            "not every message was stored", async () => kit.Api.RecentErrors() + string.Join('\n', (await kit.RowsAsync("select error from channels.webhook_events")).Select(r => r.ToString())));

        var rows = (await kit.RowsAsync("select * from messaging.messages")).ToDictionary(r => r.Str("external_id")!);
        WhatsAppKit.Row Of(string name) => rows[ids.Single(i => i.Name == name).Id];

        Assert.Equal(("text", "plain text"), (Of("text").Str("type"), Of("text").Str("content")));
        Assert.Equal(("image", "Taj Mahal"), (Of("image").Str("type"), Of("image").Str("content")));
        Assert.True(Of("audio").Json("content_attributes").GetProperty("voice").GetBoolean());
        Assert.Equal("audio", Of("audio").Str("type"));
        Assert.Equal(("video", "unboxing"), (Of("video").Str("type"), Of("video").Str("content")));
        Assert.Equal(("file", "my receipt"), (Of("document").Str("type"), Of("document").Str("content")));
        Assert.Equal("image", Of("sticker").Str("type"));

        var location = Of("location");
        Assert.Equal("location", location.Str("type"));
        var place = location.Json("content_attributes").GetProperty("location");
        Assert.Equal((37.44221496582, -122.16165924072, "Philz Coffee", "101 Forest Ave, Palo Alto, CA 94301"),
            (place.GetProperty("latitude").GetDouble(), place.GetProperty("longitude").GetDouble(), place.GetProperty("name").GetString(), place.GetProperty("address").GetString()));

        var button = Of("button_reply");
        Assert.Equal(("interactive", "Cancel"), (button.Str("type"), button.Str("content")));
        var reply = button.Json("content_attributes");
        Assert.Equal(("button_reply", "cancel-button"), (reply.GetProperty("interactive").GetProperty("type").GetString(), reply.GetProperty("interactive").GetProperty("id").GetString()));
        Assert.Equal("wamid.SENT_BY_US", reply.GetProperty("in_reply_to_external_id").GetString());
        var list = Of("list_reply");
        Assert.Equal(("interactive", "Priority Mail Express"), (list.Str("type"), list.Str("content")));
        Assert.Equal("priority_express", list.Json("content_attributes").GetProperty("interactive").GetProperty("id").GetString());
        var quickReply = Of("button");
        Assert.Equal(("interactive", "Unsubscribe"), (quickReply.Str("type"), quickReply.Str("content")));
        Assert.Equal("Unsubscribe", quickReply.Json("content_attributes").GetProperty("interactive").GetProperty("payload").GetString());

        var reaction = Of("reaction");
        Assert.Equal(("text", "\ud83d\udc4d"), (reaction.Str("type"), reaction.Str("content")));
        Assert.Equal("wamid.SENT_BY_US", reaction.Json("content_attributes").GetProperty("reaction").GetProperty("message_id").GetString());
        Assert.True(Of("reaction removed").Json("content_attributes").GetProperty("reaction").GetProperty("removed").GetBoolean());

        Assert.Equal("Jane Doe (+1 (650) 555-0000)", Of("contacts").Str("content"));
        Assert.Equal("please deliver fast", Of("order").Str("content"));
        Assert.StartsWith("User A changed", Of("system").Str("content"));

        var unsupported = Of("unsupported");
        Assert.Equal("unsupported", unsupported.Str("type"));
        Assert.Equal(131051, unsupported.Json("content_attributes").GetProperty("unsupported").GetProperty("errors")[0].GetProperty("code").GetInt32());
        var madeUp = Of("made-up type");
        Assert.Equal("unsupported", madeUp.Str("type"));
        Assert.Equal("hologram", madeUp.Json("content_attributes").GetProperty("unsupported").GetProperty("type").GetString());

        // Media messages each got an attachment to fetch, of the right kind
        var kinds = (await kit.RowsAsync("select m.external_id, a.kind, a.file_name from messaging.attachments a join messaging.messages m on m.id = a.message_id"))
            .ToDictionary(r => r.Str("external_id")!, r => (r.Str("kind"), r.Str("file_name")));
        Assert.Equal(5, kinds.Count);
        Assert.Equal(("file", "receipt.pdf"), kinds[ids.Single(i => i.Name == "document").Id]);
        Assert.Equal("image", kinds[ids.Single(i => i.Name == "sticker").Id].Item1);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events where error is not null"));
    }
}

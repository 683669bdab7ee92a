using System.Text.Json;
using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Messaging.Outbound;

/// <summary>A message addressed by the contact's identifier on the channel, as in the design notes:
/// <c>contact_identifier</c> is <c>whatsapp:+15551234567</c>, <c>telegram:&lt;chat id&gt;</c>,
/// <c>instagram:&lt;IGSID&gt;</c> or, for the web chat, <c>external:&lt;visitor id&gt;</c>.</summary>
internal sealed record SendToContactRequest(string ContactIdentifier, ContactMessageContent Content) : IHasExample<SendToContactRequest>
{
    public static SendToContactRequest Example => new("external:visitor-42", new ContactMessageContent("text", "Hello!", null, null, null, null));

    public (string Type, string Value)? Identifier =>
        ContactIdentifier?.Split(':', 2) is [var type, var value] && type.Length > 0 && value.Length > 0 ? (type.ToLowerInvariant(), value.Trim()) : null;

    public SendMessageRequest ToSendRequest() => new(
        Content.Type, Content.Text, Content.MediaUrl,
        Content.TemplateName is null ? null : new TemplateInput(Content.TemplateName, Content.TemplateLanguage ?? "en_US", Content.TemplateComponents),
        Private: false, ReplyToMessageId: null);
}

internal sealed record ContactMessageContent(
    string Type, string? Text, string? MediaUrl, string? TemplateName, string? TemplateLanguage, JsonElement? TemplateComponents);

internal sealed class SendToContactValidator : AbstractValidator<SendToContactRequest>
{
    public SendToContactValidator()
    {
        RuleFor(r => r.ContactIdentifier).Must((r, _) => r.Identifier is not null)
            .WithMessage("contact_identifier must be type:value, e.g. whatsapp:+15551234567.");
        RuleFor(r => r.Content).NotNull();
        RuleFor(r => r.ToSendRequest()).SetValidator(new SendMessageValidator()).When(r => r.Content is not null).OverridePropertyName("content");
    }
}

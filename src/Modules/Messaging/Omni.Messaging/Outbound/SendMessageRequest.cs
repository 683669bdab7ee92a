using System.Text.Json;
using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Messaging.Outbound;

/// <summary>An agent's message. <c>type</c>: <c>text</c> (needs <c>content</c>), <c>image</c>/<c>audio</c>/
/// <c>video</c>/<c>file</c> (needs a public https <c>media_url</c>; <c>content</c> is the caption), or
/// <c>template</c> (WhatsApp; needs <c>template.name</c> and <c>template.language</c>). <c>private</c>
/// makes it an internal note: stored for the team, never sent.</summary>
internal sealed record SendMessageRequest(
    string Type,
    string? Content,
    string? MediaUrl,
    TemplateInput? Template,
    bool Private,
    Guid? ReplyToMessageId) : IHasExample<SendMessageRequest>
{
    public static SendMessageRequest Example => new("text", "Hello! How can we help?", null, null, false, null);
}

internal sealed record TemplateInput(string Name, string Language, JsonElement? Components);

internal sealed class SendMessageValidator : AbstractValidator<SendMessageRequest>
{
    public static readonly string[] Types = ["text", "image", "audio", "video", "file", "template"];

    public SendMessageValidator()
    {
        RuleFor(r => r.Type).Must(t => Types.Contains(t)).WithMessage($"type must be one of {string.Join(", ", Types)}.");
        RuleFor(r => r.Content).NotEmpty().MaximumLength(4096).When(r => r.Type == "text");
        RuleFor(r => r.Content).MaximumLength(4096);
        RuleFor(r => r.MediaUrl).NotEmpty().When(r => r.Type is "image" or "audio" or "video" or "file" && !r.Private)
            .WithMessage("media_url is required for media messages.");
        RuleFor(r => r.MediaUrl).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .When(r => r.MediaUrl is not null).WithMessage("media_url must be an absolute http(s) URL.");
        RuleFor(r => r.Template).NotNull().When(r => r.Type == "template").WithMessage("template is required for template messages.");
        RuleFor(r => r.Template!.Name).NotEmpty().MaximumLength(512).When(r => r.Template is not null).OverridePropertyName("template.name");
        RuleFor(r => r.Template!.Language).NotEmpty().MaximumLength(15).When(r => r.Template is not null).OverridePropertyName("template.language");
        RuleFor(r => r).Must(r => !(r.Private && r.Type == "template")).WithName("private").WithMessage("A private note cannot be a template.");
    }
}

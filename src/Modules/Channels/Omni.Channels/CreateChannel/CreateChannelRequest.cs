using FluentValidation;
using Omni.Channels.Contracts;
using Omni.Channels.Providers;
using Omni.Platform.OpenApi;

namespace Omni.Channels.CreateChannel;

/// <summary>Credential fields by type: WhatsApp <c>phone_number_id</c>, <c>business_account_id</c>,
/// <c>access_token</c>, <c>app_secret</c>, <c>verify_token</c>; Telegram <c>bot_token</c>; Instagram
/// <c>page_id</c>, <c>access_token</c>, <c>app_secret</c>, <c>verify_token</c>. Web widget, Signal and
/// WeChat take none.</summary>
internal sealed record CreateChannelRequest(string Type, string Name, Dictionary<string, string>? Credentials) : IHasExample<CreateChannelRequest>
{
    public static CreateChannelRequest Example => new(ChannelTypes.WebWidget, "Website chat", null);
}

internal sealed class CreateChannelValidator : AbstractValidator<CreateChannelRequest>
{
    public CreateChannelValidator(ProviderRegistry providers)
    {
        RuleFor(r => r.Type).Must(t => providers.Find(t) is not null)
            .WithMessage($"type must be one of {string.Join(", ", ChannelTypes.All)}.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Credentials).Custom((credentials, ctx) =>
        {
            if (providers.Find(ctx.InstanceToValidate.Type) is not { } provider) return;
            foreach (var field in provider.RequiredCredentials)
            {
                if (credentials is null || !credentials.TryGetValue(field, out var value) || string.IsNullOrWhiteSpace(value))
                    ctx.AddFailure($"credentials.{field}", $"credentials.{field} is required for a {provider.Type} channel.");
            }
            foreach (var (key, value) in credentials ?? [])
            {
                if (!provider.RequiredCredentials.Contains(key))
                    ctx.AddFailure($"credentials.{key}", $"credentials.{key} is not a {provider.Type} credential.");
                else if (value.Length > 4096)
                    ctx.AddFailure($"credentials.{key}", $"credentials.{key} is too long.");
            }
        });
    }
}

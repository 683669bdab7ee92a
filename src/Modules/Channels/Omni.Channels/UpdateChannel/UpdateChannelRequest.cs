using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Channels.UpdateChannel;

/// <summary>Rename, replace some credentials (the others are kept; the channel reconnects), or set
/// <c>status</c> to <c>disabled</c> (stops sending and receiving) or back to <c>active</c>.</summary>
internal sealed record UpdateChannelRequest(string? Name, Dictionary<string, string>? Credentials, string? Status) : IHasExample<UpdateChannelRequest>
{
    public static UpdateChannelRequest Example => new("Website chat (EU)", null, null);
}

internal sealed class UpdateChannelValidator : AbstractValidator<UpdateChannelRequest>
{
    public UpdateChannelValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
        RuleFor(r => r.Status).Must(s => s is null or "active" or "disabled").WithMessage("status must be active or disabled.");
        RuleForEach(r => r.Credentials).Must(kv => !string.IsNullOrWhiteSpace(kv.Value) && kv.Value.Length <= 4096)
            .WithMessage("credential values must be non-empty and at most 4096 characters.");
    }
}

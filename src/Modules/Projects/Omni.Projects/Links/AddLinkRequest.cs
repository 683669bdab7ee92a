using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Links;

/// <summary><c>type</c>: <c>contact</c>, <c>lead</c> or <c>conversation</c>; <c>target_id</c>: its id in your org.</summary>
internal sealed record AddLinkRequest(string Type, Guid TargetId) : IHasExample<AddLinkRequest>
{
    public static readonly IReadOnlyList<string> Types = ["contact", "lead", "conversation"];

    public static AddLinkRequest Example => new("contact", Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7fc1"));
}

internal sealed class AddLinkValidator : AbstractValidator<AddLinkRequest>
{
    public AddLinkValidator()
    {
        RuleFor(r => r.Type).NotEmpty().Must(t => t is null || AddLinkRequest.Types.Contains(t))
            .WithMessage($"type must be one of {string.Join(", ", AddLinkRequest.Types)}.");
        RuleFor(r => r.TargetId).NotEmpty();
    }
}

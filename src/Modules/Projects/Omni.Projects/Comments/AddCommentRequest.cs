using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Comments;

internal sealed record AddCommentRequest(string Body) : IHasExample<AddCommentRequest>
{
    public static AddCommentRequest Example => new("Maria confirmed by phone; sending the quote today.");
}

internal sealed class AddCommentValidator : AbstractValidator<AddCommentRequest>
{
    public AddCommentValidator() =>
        RuleFor(r => r.Body).NotEmpty().Must(b => b is null || b.Trim().Length is > 0 and <= ProjectLimits.CommentLength)
            .WithMessage($"body is 1 to {ProjectLimits.CommentLength} characters.");
}

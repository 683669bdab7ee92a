using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Comments;

internal sealed record UpdateCommentRequest(string Body) : IHasExample<UpdateCommentRequest>
{
    public static UpdateCommentRequest Example => new("Maria confirmed by phone; quote sent.");
}

internal sealed class UpdateCommentValidator : AbstractValidator<UpdateCommentRequest>
{
    public UpdateCommentValidator() =>
        RuleFor(r => r.Body).NotEmpty().Must(b => b is null || b.Trim().Length is > 0 and <= ProjectLimits.CommentLength)
            .WithMessage($"body is 1 to {ProjectLimits.CommentLength} characters.");
}

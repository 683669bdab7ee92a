using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Notes;

internal sealed record AddNoteRequest(string Body) : IHasExample<AddNoteRequest>
{
    public static AddNoteRequest Example => new("Called Maria: wants a demo for the whole team next week.");
}

internal sealed class AddNoteValidator : AbstractValidator<AddNoteRequest>
{
    public AddNoteValidator()
    {
        RuleFor(r => r.Body).NotEmpty().Must(b => b is null || b.Trim().Length is > 0 and <= 10_000).WithMessage("body must be 1 to 10000 characters.");
    }
}

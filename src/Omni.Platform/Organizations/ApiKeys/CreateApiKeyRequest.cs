using Omni.Platform.Database;
using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Platform.Organizations.ApiKeys;

internal sealed record CreateApiKeyRequest(string Name, List<string> Scopes, DateTimeOffset? ExpiresAt) : IHasExample<CreateApiKeyRequest>
{
    public static CreateApiKeyRequest Example => new("Website backend", ["contacts:write"], null);
}

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator(KnownPermissions known)
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Scopes).NotNull().NotEmpty().Must(s => s.Count <= 50).WithMessage("at most 50 scopes.");
        RuleForEach(r => r.Scopes).Must(s => Tenancy.Permissions.IsValidScope(s, known.All))
            .WithMessage((_, s) => $"'{s}' is not a scope: use *, resource:* or one of {string.Join(", ", known.All.Order())}.");
        RuleFor(r => r.ExpiresAt).GreaterThan(_ => DbClock.Now).When(r => r.ExpiresAt is not null)
            .WithMessage("expires_at must be in the future.");
    }
}

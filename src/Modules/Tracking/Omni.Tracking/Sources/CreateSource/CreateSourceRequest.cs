using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Tracking.Sources.CreateSource;

/// <summary>A site or app to track. <c>allowed_origins</c>: the pages allowed to send its events (CORS).
/// With <c>pixel_id</c> and <c>capi_access_token</c> its events are forwarded to Meta's Conversions API
/// (<c>test_event_code</c> routes them to Events Manager's test view). <c>consent_mode</c> <c>required</c>:
/// the tracker sets no cookie and sends nothing until the page calls <c>omni.consent(true)</c>.
/// <c>enable_gtm</c>: a secret for <c>POST /webhooks/gtm</c>, shown once.</summary>
internal sealed record CreateSourceRequest(
    string Name,
    IReadOnlyList<string>? AllowedOrigins,
    string? PixelId,
    string? CapiAccessToken,
    string? TestEventCode,
    string? ConsentMode,
    bool? AnonymizeIp,
    bool? StoreUserAgent,
    bool? EnableGtm) : IHasExample<CreateSourceRequest>
{
    public static CreateSourceRequest Example => new("Shop", ["https://shop.example.com"], "1234567890", "EAAB...", null, "none", false, true, false);
}

internal sealed class CreateSourceValidator : AbstractValidator<CreateSourceRequest>
{
    public CreateSourceValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.AllowedOrigins).ValidOrigins();
        RuleFor(r => r.PixelId).Matches("^[0-9]{5,20}$").When(r => r.PixelId is not null).WithMessage("pixel_id is the pixel's numeric id.");
        RuleFor(r => r.CapiAccessToken).NotEmpty().MaximumLength(1000).When(r => r.CapiAccessToken is not null);
        RuleFor(r => r).Must(r => r.CapiAccessToken is null || r.PixelId is not null).WithName("capi_access_token")
            .WithMessage("capi_access_token needs a pixel_id.");
        RuleFor(r => r.TestEventCode).MaximumLength(100);
        RuleFor(r => r.ConsentMode).Must(m => m is null || SourceRules.ConsentModes.Contains(m)).WithMessage("consent_mode must be none or required.");
    }
}

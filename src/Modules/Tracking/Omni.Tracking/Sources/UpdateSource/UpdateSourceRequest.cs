using FluentValidation;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Tracking.Sources.UpdateSource;

/// <summary>Fields left out stay as they are; <c>null</c> clears an optional one (<c>pixel_id</c>,
/// <c>capi_access_token</c>, <c>test_event_code</c>). <c>rotate_write_key</c> issues a new write key (the
/// old one stops working at once); <c>rotate_gtm_secret</c> a new GTM secret, shown in this response only;
/// <c>disable_gtm</c> switches the GTM webhook off.</summary>
internal sealed record UpdateSourceRequest(
    string? Name,
    IReadOnlyList<string>? AllowedOrigins,
    Optional<string> PixelId,
    Optional<string> CapiAccessToken,
    Optional<string> TestEventCode,
    string? ConsentMode,
    bool? AnonymizeIp,
    bool? StoreUserAgent,
    bool? IsActive,
    bool? RotateWriteKey,
    bool? RotateGtmSecret,
    bool? DisableGtm) : IHasExample<UpdateSourceRequest>
{
    public static UpdateSourceRequest Example => new(null, ["https://shop.example.com", "https://www.example.com"], default, default, "TEST12345",
        "required", null, null, null, null, null, null);
}

internal sealed class UpdateSourceValidator : AbstractValidator<UpdateSourceRequest>
{
    public UpdateSourceValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
        RuleFor(r => r.AllowedOrigins).ValidOrigins();
        RuleFor(r => r.PixelId.Value).Matches("^[0-9]{5,20}$").When(r => r.PixelId.Value is not null).OverridePropertyName("pixel_id")
            .WithMessage("pixel_id is the pixel's numeric id.");
        RuleFor(r => r.CapiAccessToken.Value).NotEmpty().MaximumLength(1000).When(r => r.CapiAccessToken.Value is not null).OverridePropertyName("capi_access_token");
        RuleFor(r => r.TestEventCode.Value).MaximumLength(100).OverridePropertyName("test_event_code");
        RuleFor(r => r.ConsentMode).Must(m => m is null || SourceRules.ConsentModes.Contains(m)).WithMessage("consent_mode must be none or required.");
        RuleFor(r => r).Must(r => !(r.RotateGtmSecret == true && r.DisableGtm == true)).WithName("disable_gtm")
            .WithMessage("Give rotate_gtm_secret or disable_gtm, not both.");
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;
using Omni.Tracking.Data;
using Omni.Tracking.Intake;

namespace Omni.Tracking.Sources.UpdateSource;

internal static class UpdateSourceEndpoint
{
    public static async Task<Results<Ok<SourceResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, UpdateSourceRequest body, TrackingDbContext db, SecretBox box, SourceDirectory directory, RequestContext request, CancellationToken ct)
    {
        var source = await db.Sources.AsTracking().SingleOrDefaultAsync(s => s.Id == id && s.OrgId == request.OrgId, ct);
        if (source is null) return TypedResults.NotFound();
        var pixel = body.PixelId.Or(source.PixelId);
        var tokenSet = body.CapiAccessToken.IsSet ? body.CapiAccessToken.Value is not null : source.SealedCapiToken is not null;
        if (tokenSet && pixel is null) return ApiProblem.Validation("capi_access_token", "capi_access_token needs a pixel_id.");

        if (body.Name is not null) source.Name = body.Name.Trim();
        if (body.AllowedOrigins is not null) source.AllowedOrigins = body.AllowedOrigins.Distinct().ToArray();
        source.PixelId = pixel;
        if (body.CapiAccessToken.IsSet)
            source.SealedCapiToken = body.CapiAccessToken.Value is { } token ? box.Seal(token, SourceRules.CapiTokenContext(source.Id)) : null;
        source.TestEventCode = body.TestEventCode.Or(source.TestEventCode);
        if (body.ConsentMode is not null) source.ConsentMode = body.ConsentMode;
        if (body.AnonymizeIp is { } anonymize) source.AnonymizeIp = anonymize;
        if (body.StoreUserAgent is { } storeUa) source.StoreUserAgent = storeUa;
        if (body.IsActive is { } active) source.IsActive = active;
        if (body.RotateWriteKey == true) source.WriteKey = SourceKeys.NewWriteKey();
        string? gtmSecret = null;
        if (body.RotateGtmSecret == true)
        {
            gtmSecret = SourceKeys.NewGtmSecret();
            source.GtmSecretHash = SourceKeys.Hash(gtmSecret);
        }
        if (body.DisableGtm == true) source.GtmSecretHash = null;
        source.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
        directory.Forget(); // here at once; other instances within SourceDirectory.Lifetime
        return TypedResults.Ok(SourceResponse.From(source, gtmSecret));
    }
}

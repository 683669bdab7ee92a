using Omni.Platform.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Tracking.Intake;

/// <summary>Marks the intake routes, whose caller authenticates with a source's write key instead of a token.</summary>
internal sealed class UsesWriteKey;

/// <summary>Documents the write-key scheme (<c>X-Write-Key</c>, or <c>write_key</c> in the body).</summary>
internal static class WriteKeySwaggerFilter
{
    public static void Configure(SwaggerGenOptions o) => HeaderKeyScheme.Add<UsesWriteKey>(o, "WriteKey", IntakeRequest.WriteKeyHeader,
        "A tracking source's public write key (or `write_key` in the body), for /api/v1/track only.");
}

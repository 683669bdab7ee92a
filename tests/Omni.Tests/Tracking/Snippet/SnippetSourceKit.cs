using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Snippet;

/// <summary>Tracking sources made through the API, as a site owner makes them.</summary>
public static class SnippetSourceKit
{
    /// <summary>A new org with a source; returns the source as the API answered it.</summary>
    public static async Task<JsonElement> NewSourceAsync(this TestApi api, IReadOnlyList<string>? allowedOrigins = null, string consentMode = "none",
        string? pixelId = "1234567890")
    {
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var response = await client.PostAsJsonAsync("/api/v1/tracking/sources", new
        {
            name = "Shop",
            allowed_origins = allowedOrigins ?? [],
            pixel_id = pixelId,
            consent_mode = consentMode,
        });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body + "\n" + api.RecentErrors());
        return body;
    }
}

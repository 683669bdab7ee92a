using System.Text.Json;
using Omni.Platform.Organizations.Data;

namespace Omni.Platform.Jobs.Endpoints;

internal sealed record JobResponse(
    Guid Id, string Type, string Status, int Attempts, int MaxAttempts, DateTimeOffset RunAt, string? LastError,
    JsonElement Payload, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    internal static JobResponse From(JobRow j) =>
        new(j.Id, j.Type, j.Status, j.Attempts, j.MaxAttempts, j.RunAt, j.LastError, j.Payload.RootElement.Clone(), j.CreatedAt, j.UpdatedAt, j.CompletedAt);
}

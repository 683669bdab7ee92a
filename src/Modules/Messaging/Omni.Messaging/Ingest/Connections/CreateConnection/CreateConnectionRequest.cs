using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Messaging.Ingest.Connections.CreateConnection;

/// <summary><c>connection_id</c> is optional: leave it out to get a generated one. It is unique across
/// every org (the ingest endpoint finds the connection by it before it knows the org).</summary>
internal sealed record CreateConnectionRequest(string Platform, string Name, string? ConnectionId) : IHasExample<CreateConnectionRequest>
{
    public static CreateConnectionRequest Example => new("whatsapp", "WhatsApp history sync", null);
}

internal sealed class CreateConnectionValidator : AbstractValidator<CreateConnectionRequest>
{
    public CreateConnectionValidator()
    {
        RuleFor(r => r.Platform).Must(IngestPlatforms.IsKnown)
            .WithMessage($"platform must be one of {string.Join(", ", IngestPlatforms.All)}.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.ConnectionId).Must(ConnectionIds.IsValid).When(r => r.ConnectionId is not null)
            .WithMessage(ConnectionIds.Rule);
    }
}

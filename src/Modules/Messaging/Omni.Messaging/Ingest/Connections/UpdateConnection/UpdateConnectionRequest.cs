using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Messaging.Ingest.Connections.UpdateConnection;

/// <summary>Rename, or switch the connection off (<c>"is_active": false</c>: the syncer gets 403
/// <c>Connection is inactive</c>) and on again. Fields left out stay as they are.</summary>
internal sealed record UpdateConnectionRequest(string? Name, bool? IsActive) : IHasExample<UpdateConnectionRequest>
{
    public static UpdateConnectionRequest Example => new(null, false);
}

internal sealed class UpdateConnectionValidator : AbstractValidator<UpdateConnectionRequest>
{
    public UpdateConnectionValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
    }
}

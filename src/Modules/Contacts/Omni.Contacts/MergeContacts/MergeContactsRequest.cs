using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Contacts.MergeContacts;

/// <summary>Merge <c>source_contact_id</c> into the contact in the path; the source disappears.</summary>
internal sealed record MergeContactsRequest(Guid SourceContactId) : IHasExample<MergeContactsRequest>
{
    public static MergeContactsRequest Example => new(Guid.Parse("0195f2a4-0000-7000-8000-000000000001"));
}

internal sealed class MergeContactsValidator : AbstractValidator<MergeContactsRequest>
{
    public MergeContactsValidator() => RuleFor(r => r.SourceContactId).NotEmpty();
}

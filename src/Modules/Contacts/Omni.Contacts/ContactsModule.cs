using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Contacts.CreateContact;
using Omni.Contacts.Data;
using Omni.Contacts.DeleteContact;
using Omni.Contacts.Directory;
using Omni.Contacts.GetContact;
using Omni.Contacts.Identifiers;
using Omni.Contacts.ListContacts;
using Omni.Contacts.MergeContacts;
using Omni.Contacts.UpdateContact;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Contacts;

/// <summary>Contacts: the people an org talks to, their identifiers (unique per org), tags and custom fields.</summary>
public static class ContactsModule
{
    public const string Read = "contacts:read";
    public const string Write = "contacts:write";

    public static IServiceCollection AddContacts(IServiceCollection services, IConfiguration config)
    {
        services.AddModuleDbContext<ContactsDbContext>();
        services.AddValidatorsFrom(typeof(ContactsModule).Assembly);
        services.AddScoped<IContactDirectory, ContactDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapContacts(IEndpointRouteBuilder routes)
    {
        var contacts = routes.MapGroup("/contacts").WithTags("Contacts");
        contacts.MapPost("/", CreateContactEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("CreateContact");
        contacts.MapGet("/", ListContactsEndpoint.Handle).RequirePermission(Read).WithName("ListContacts");
        contacts.MapGet("/{id:guid}", GetContactEndpoint.Handle).RequirePermission(Read).WithName("GetContact");
        contacts.MapPatch("/{id:guid}", UpdateContactEndpoint.Handle).RequirePermission(Write).WithName("UpdateContact");
        contacts.MapDelete("/{id:guid}", DeleteContactEndpoint.Handle).RequirePermission(Write).WithName("DeleteContact");
        contacts.MapPost("/{id:guid}/identifiers", AddIdentifierEndpoint.Handle).RequirePermission(Write).WithName("AddContactIdentifier");
        contacts.MapDelete("/{id:guid}/identifiers/{identifierId:guid}", RemoveIdentifierEndpoint.Handle).RequirePermission(Write).WithName("RemoveContactIdentifier");
        contacts.MapPost("/{id:guid}/merge", MergeContactsEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("MergeContacts");
        return routes;
    }
}

using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Domain;
using Omni.Platform.Database;

namespace Omni.Contacts.Data;

/// <summary>The Contacts module's tables (schema <c>contacts</c>) and nothing else.</summary>
internal sealed class ContactsDbContext(DbContextOptions<ContactsDbContext> options) : DbContext(options)
{
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Identifier> Identifiers => Set<Identifier>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema("contacts");
        b.Entity<Contact>(e =>
        {
            e.ToTable("contacts");
            // Ids are UUIDv7 made here, never by the database: an identifier added to a tracked contact's
            // collection must be inserted, not taken for an existing row to update.
            e.Property(c => c.Id).ValueGeneratedNever();
            e.HasMany(c => c.Identifiers).WithOne().HasForeignKey(i => i.ContactId);
            // jsonb read and written as text: it goes to and from the wire without being parsed here.
            e.Property(c => c.CustomFields).HasColumnType("jsonb");
            e.Property(c => c.IdentifierList).HasColumnType("json").ValueGeneratedOnAddOrUpdate();
        });
        b.Entity<Identifier>(e =>
        {
            e.ToTable("contact_identifiers");
            e.Property(i => i.Id).ValueGeneratedNever();
            e.Property(i => i.Last10).ValueGeneratedOnAddOrUpdate();
        });
        b.UseSnakeCaseNames();
    }
}

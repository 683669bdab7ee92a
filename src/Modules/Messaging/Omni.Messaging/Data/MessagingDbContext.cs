using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Domain;
using Omni.Platform.Database;

namespace Omni.Messaging.Data;

/// <summary>The Messaging module's tables (schema <c>messaging</c>).</summary>
internal sealed class MessagingDbContext(DbContextOptions<MessagingDbContext> options) : DbContext(options)
{
    public DbSet<ContactInbox> ContactInboxes => Set<ContactInbox>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<IngestConnection> IngestConnections => Set<IngestConnection>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema("messaging");
        b.Entity<ContactInbox>(e => { e.ToTable("contact_inboxes"); e.Property(x => x.Id).ValueGeneratedNever(); });
        b.Entity<Conversation>(e => { e.ToTable("conversations"); e.Property(x => x.Id).ValueGeneratedNever(); });
        b.Entity<Message>(e =>
        {
            e.ToTable("messages");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.ContentAttributes).HasColumnType("jsonb");
            e.Property(x => x.AttachmentList).HasColumnType("json").ValueGeneratedOnAddOrUpdate();
        });
        b.Entity<Attachment>(e => { e.ToTable("attachments"); e.Property(x => x.Id).ValueGeneratedNever(); });
        b.Entity<IngestConnection>(e => { e.ToTable("ingest_connections"); e.Property(x => x.Id).ValueGeneratedNever(); });
        b.UseSnakeCaseNames();
    }
}

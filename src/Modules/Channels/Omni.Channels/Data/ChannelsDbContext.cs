using Microsoft.EntityFrameworkCore;
using Omni.Channels.Domain;
using Omni.Platform.Database;

namespace Omni.Channels.Data;

/// <summary>The Channels module's tables (schema <c>channels</c>).</summary>
internal sealed class ChannelsDbContext(DbContextOptions<ChannelsDbContext> options) : DbContext(options)
{
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema("channels");
        b.Entity<Channel>(e =>
        {
            e.ToTable("channels");
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.Settings).HasColumnType("jsonb");
        });
        b.Entity<WebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.Property(w => w.Id).ValueGeneratedNever();
        });
        b.UseSnakeCaseNames();
    }
}

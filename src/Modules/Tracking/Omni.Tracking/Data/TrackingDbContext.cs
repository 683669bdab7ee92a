using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Tracking.Domain;

namespace Omni.Tracking.Data;

/// <summary>The Tracking module's tables (schema <c>tracking</c>).</summary>
internal sealed class TrackingDbContext(DbContextOptions<TrackingDbContext> options) : DbContext(options)
{
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<TrackedEvent> Events => Set<TrackedEvent>();
    public DbSet<CapiDelivery> CapiDeliveries => Set<CapiDelivery>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema("tracking");
        b.Entity<Source>(e => { e.ToTable("sources"); e.Property(x => x.Id).ValueGeneratedNever(); });
        b.Entity<TrackedEvent>(e =>
        {
            e.ToTable("events");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Properties).HasColumnType("jsonb");
            e.Property(x => x.Context).HasColumnType("jsonb");
            e.Property(x => x.ReceivedAt).ValueGeneratedOnAdd();
        });
        b.Entity<CapiDelivery>(e =>
        {
            e.ToTable("capi_deliveries");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Response).HasColumnType("jsonb");
            e.Property(x => x.Payload).HasColumnType("jsonb");
        });
        b.UseSnakeCaseNames();
    }
}

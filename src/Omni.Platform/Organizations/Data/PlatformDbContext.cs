using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;

namespace Omni.Platform.Organizations.Data;

/// <summary>The platform's own tables in schema <c>omni</c>.</summary>
internal sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : DbContext(options)
{
    public DbSet<UserRow> Users => Set<UserRow>();
    public DbSet<OrgRow> Orgs => Set<OrgRow>();
    public DbSet<MembershipRow> Memberships => Set<MembershipRow>();
    public DbSet<InvitationRow> Invitations => Set<InvitationRow>();
    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();
    public DbSet<JobRow> Jobs => Set<JobRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema("omni");
        b.Entity<UserRow>().ToTable("users");
        b.Entity<OrgRow>().ToTable("orgs");
        b.Entity<MembershipRow>().ToTable("memberships").HasKey(m => new { m.OrgId, m.UserId });
        b.Entity<InvitationRow>().ToTable("org_invitations");
        b.Entity<ApiKeyRow>().ToTable("api_keys");
        b.Entity<JobRow>().ToTable("jobs");
        b.UseSnakeCaseNames();
    }
}

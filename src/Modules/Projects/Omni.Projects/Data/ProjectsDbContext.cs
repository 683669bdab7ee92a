using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;

namespace Omni.Projects.Data;

/// <summary>The Projects module's tables (schema <c>projects</c>), for the reads that go through EF so the
/// session's role and claims ride ahead of the query in one round trip (docs/adr/0004): the task lists.
/// Writes are raw SQL in the session (<see cref="SessionSql"/>).</summary>
internal sealed class ProjectsDbContext(DbContextOptions<ProjectsDbContext> options) : DbContext(options)
{
    public DbSet<TaskListRow> Tasks => Set<TaskListRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasDefaultSchema("projects");
        b.Entity<TaskListRow>(e =>
        {
            e.ToTable("tasks");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.DueKey).ValueGeneratedOnAddOrUpdate();
        });
        b.UseSnakeCaseNames();
    }
}

/// <summary>A task as a list reads it (<see cref="TaskResponse"/> plus the sort key of the views).</summary>
internal sealed class TaskListRow
{
    public Guid Id { get; init; }
    public Guid ProjectId { get; init; }
    public Guid ColumnId { get; init; }
    public string Rank { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string Priority { get; init; } = "";
    public Guid? AssigneeId { get; init; }
    public DateOnly? DueDate { get; init; }
    public DateOnly DueKey { get; init; }
    public string[] Labels { get; init; } = [];
    public DateTimeOffset? CompletedAt { get; init; }
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public TaskResponse ToResponse() =>
        new(Id, ProjectId, ColumnId, Rank, Title, Description, Priority, AssigneeId, DueDate, Labels, CompletedAt, CreatedBy, CreatedAt, UpdatedAt);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Platform.Database;

public static class ModuleDbContexts
{
    /// <summary>Registers a module's DbContext so that it runs on the scope's <see cref="DbSession"/>:
    /// same connection, same transaction, same role and claims as the rest of the unit of work.</summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services) where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(o => o.CommandTimeout(30))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(SessionSetupInterceptor.Instance)
            .Options;
        // Contexts are pooled (building one is a large part of a small request); each lease is pointed at
        // the scope's connection and transaction, and goes back to the pool when the scope ends.
        var pool = new PooledDbContextFactory<TContext>(options, poolSize: 256);
        services.AddSingleton<IDbContextFactory<TContext>>(pool);
        services.AddScoped(sp =>
        {
            var session = sp.GetRequiredService<DbSession>();
            var context = pool.CreateDbContext();
            context.Database.SetDbConnection(session.Connection, contextOwnsConnection: false);
            context.Database.UseTransaction(session.Transaction);
            return context;
        });
        return services;
    }

    /// <summary>Maps every table and column to snake_case (the SQL migrations' names).</summary>
    public static ModelBuilder UseSnakeCaseNames(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(Naming.ToSnakeCase(table));
            foreach (var property in entity.GetProperties())
                property.SetColumnName(Naming.ToSnakeCase(property.Name));
        }
        return modelBuilder;
    }
}

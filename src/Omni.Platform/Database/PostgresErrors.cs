using Npgsql;

namespace Omni.Platform.Database;

public static class PostgresErrors
{
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string CheckViolation = "23514";
    public const string InsufficientPrivilege = "42501";

    public static bool IsUniqueViolation(this Exception e, string? constraint = null) =>
        Find(e) is { SqlState: UniqueViolation } pg && (constraint is null || pg.ConstraintName == constraint);

    public static PostgresException? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is PostgresException pg) return pg;
        return null;
    }
}

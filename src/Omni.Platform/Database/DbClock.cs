namespace Omni.Platform.Database;

/// <summary>Postgres keeps timestamps to the microsecond; values written from here are cut to that, so
/// what a response shows (and a cursor carries) is exactly what a later read returns.</summary>
public static class DbClock
{
    public static DateTimeOffset Now => Truncate(DateTimeOffset.UtcNow);

    public static DateTimeOffset Truncate(DateTimeOffset value) => new(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);
}

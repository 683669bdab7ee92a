namespace Omni.Tests.Infrastructure;

/// <summary>The system clock, moved forward on demand: for behaviour that waits on time (cache lifetimes,
/// refresh intervals) without the test waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

using System.Diagnostics;

namespace Omni.Tests.Infrastructure;

/// <summary>Waiting for work the job worker does in the background: poll, never sleep a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/>'s account after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<Task<string>> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit) Assert.Fail($"Not so after {limit.TotalSeconds} s. {await describe()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls until <paramref name="probe"/> returns a value that satisfies <paramref name="done"/>, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (clock.Elapsed > limit) Assert.Fail($"Still {value} after {limit.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }
}

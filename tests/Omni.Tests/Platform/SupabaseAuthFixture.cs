using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>A fake Supabase Auth (JWKS) and an API of its own that trusts it, shared by one test class.</summary>
public sealed class SupabaseAuthFixture : IAsyncLifetime
{
    public FakeSupabaseAuth Auth { get; private set; } = null!;
    public TestApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Auth = await FakeSupabaseAuth.StartAsync();
        Api = await Auth.StartApiAsync();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Auth.DisposeAsync();
    }
}

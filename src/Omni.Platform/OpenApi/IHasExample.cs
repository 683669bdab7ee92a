namespace Omni.Platform.OpenApi;

/// <summary>A request type that shows a valid example in Swagger ("Try it out" starts from it). The
/// OpenAPI sweep test also creates resources from these examples.</summary>
public interface IHasExample<out TSelf>
{
    static abstract TSelf Example { get; }
}

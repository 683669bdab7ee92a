using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omni.Platform.Http;

/// <summary>A PATCH field: absent (leave as is), present with a value, or present as null (clear it).
/// System.Text.Json cannot tell absent from null on its own.</summary>
[JsonConverter(typeof(OptionalConverterFactory))]
public readonly record struct Optional<T>(bool IsSet, T? Value)
{
    public static implicit operator Optional<T>(T? value) => new(true, value);

    public T? Or(T? current) => IsSet ? Value : current;
}

internal sealed class OptionalConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(true, reader.TokenType == JsonTokenType.Null ? default : JsonSerializer.Deserialize<T>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}

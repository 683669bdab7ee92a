using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omni.Platform.Http;

/// <summary>JSON text that goes into a response as it is, e.g. a <c>jsonb</c> column read as text: no
/// parse, no copy into a document. <typeparamref name="T"/> is the shape it has, for the API docs.</summary>
[JsonConverter(typeof(RawJsonConverterFactory))]
public readonly record struct RawJson<T>(string Json)
{
    public override string ToString() => Json;
}

internal sealed class RawJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(RawJson<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(RawJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class RawJsonConverter<T> : JsonConverter<RawJson<T>>
    {
        public override RawJson<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new RawJson<T>(document.RootElement.GetRawText());
        }

        // The text comes from Postgres (jsonb output), which is always valid JSON.
        public override void Write(Utf8JsonWriter writer, RawJson<T> value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spatial.Api.Http;

/// <summary>
/// JSON as Chinese readers expect it: UTF-8 written as is, not \u-escaped. Safe for API bodies, which
/// are never inlined into HTML.
/// </summary>
public static class JsonOutput
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Records serialized with snake_case members and enums by their snake_case names (<c>project_id</c>, <c>"fail"</c>):
    /// footprint reports, history, audit and keys, as JSON clients and the stored reports read them.
    /// </summary>
    public static JsonSerializerOptions SnakeCase { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static IServiceCollection AddSpatialJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}

using System.Text.Encodings.Web;
using System.Text.Json;

namespace Spatial.Api.Http;

/// <summary>
/// JSON as Chinese readers expect it: UTF-8 written as is, not \u-escaped. Safe for API bodies, which
/// are never inlined into HTML.
/// </summary>
public static class JsonOutput
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IServiceCollection AddSpatialJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}

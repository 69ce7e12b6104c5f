using System.Text.Json;

namespace Spatial.Api.Http;

/// <summary>A JSON body written straight to the response, with extra headers when given.</summary>
public sealed class JsonDocumentResult(string contentType, Action<Utf8JsonWriter> write, Action<IHeaderDictionary>? headers = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = contentType;
        headers?.Invoke(httpContext.Response.Headers);
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, JsonOutput.WriterOptions);
        write(writer);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

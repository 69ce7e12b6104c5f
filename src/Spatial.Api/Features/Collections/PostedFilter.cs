using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spatial.Api.Features.Editing;
using Spatial.Api.Features.Filtering;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>What a POSTed body to /items is: a feature to create, a CQL2 JSON filter (compact), or a broken filter.</summary>
public sealed record PostedBody(bool IsFilter, string? Filter = null, ParameterError? Error = null)
{
    public static readonly PostedBody Feature = new(false);
}

/// <summary>
/// OWSLib 0.27's <c>collection_items(id, cql={...})</c> POSTs the CQL2 JSON expression to /collections/{id}/items, the
/// other arguments in the query. The same URL creates features (Part 4), so a JSON object without <c>type</c> — which
/// every GeoJSON object has — is taken as a filter and answered with 303 See Other to the GET with it in <c>filter</c>:
/// what requests (under OWSLib) follows, and then the page, its links and its caching are those of every GET.
/// </summary>
public static class PostedFilter
{
    /// <summary>A filter's characters (<see cref="CqlLimits.MaxLength"/>) and room for the indentation a client may send; a larger body is a feature.</summary>
    public const int MaxBodyBytes = 4 * CqlLimits.MaxLength;

    /// <summary>The 303, or a 400/413 for a broken filter; null when the body is for <see cref="FeatureEdits.Create"/> (rewound for it).</summary>
    public static async Task<IResult?> AnswerAsync(HttpContext http, string collectionId)
    {
        var request = http.Request;
        if (FeatureRequestBody.MediaType(request) != "application/json" || CollectionCatalog.Find(collectionId) is null) return null;
        // Only a body of a stated, small length is looked at (OWSLib's requests states it): buffering a chunked body would
        // keep a copy of every feature created that way, spilled to disk past 30 KiB.
        if (request.ContentLength is not { } length || length > MaxBodyBytes) return null;
        request.EnableBuffering();
        var body = await ReadAtMostAsync(request.Body, MaxBodyBytes + 1, http.RequestAborted);
        request.Body.Position = 0;
        if (body.Length > MaxBodyBytes) return null;
        var posted = Read(body);
        if (!posted.IsFilter) return null;
        if (posted.Error is { } error) return Problems.BadParameter(error);
        foreach (var name in (string[])["filter", "filter-lang"])
            if (request.Query.ContainsKey(name))
                return Problems.BadParameter(new ParameterError(name, "given in the URL and a filter in the body; send the filter once"));
        var location = Links.WithParameters(request, new Dictionary<string, string?> { ["filter"] = posted.Filter, ["filter-lang"] = "cql2-json" });
        var target = location.Length - Links.Base(request).Length;
        if (target > RequestSizes.MaxTargetBytes)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Filter too large", detail: string.Create(CultureInfo.InvariantCulture,
                $"body: the filter makes a URL of {target} characters; at most {RequestSizes.MaxTargetBytes} are read. Narrow it, or use fewer vertices."));
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// Pure: a feature (not a JSON object, or one with <c>type</c>), a filter in compact JSON, or the filter's fault — also
    /// a body that opens an object but is not JSON, whatever it meant to be: it is the same 400 Create would give.
    /// </summary>
    public static PostedBody Read(ReadOnlyMemory<byte> body)
    {
        // Only an object can be a filter; anything else (empty, an array, a string) is Create's to refuse.
        if (body.Span.TrimStart(" \t\r\n"u8) is not [(byte)'{', ..]) return PostedBody.Feature;
        var (document, problem) = JsonInput.Parse(body);
        if (document is null) return new(true, Error: new("body", $"not JSON: {problem}"));
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("type", out _)) return PostedBody.Feature;
            using var compact = new MemoryStream();
            // Relaxed: the filter goes into a URL, percent-encoded there; \uXXXX for every CJK letter would make it six times longer.
            using (var writer = new Utf8JsonWriter(compact, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) root.WriteTo(writer);
            var filter = Encoding.UTF8.GetString(compact.ToArray());
            try
            {
                Cql2Json.Parse(filter);
                return new(true, filter);
            }
            catch (CqlException e)
            {
                return new(true, Error: new("body", e.Message));
            }
        }
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < max && (read = await body.ReadAsync(chunk, cancellationToken)) > 0) buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}

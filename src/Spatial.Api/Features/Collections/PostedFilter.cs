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
/// what requests (under OWSLib) follows, and then the page, its links and its caching are those of every GET. A body
/// that is not JSON is Create's, which refuses it only after it knows who asks.
/// </summary>
public static class PostedFilter
{
    /// <summary>A filter's characters (<see cref="CqlLimits.MaxLength"/>) and room for the indentation a client may send.</summary>
    public const int MaxBodyBytes = 4 * CqlLimits.MaxLength;

    /// <summary>The 303, or a 400/413 for a broken filter; null when the body is for <see cref="FeatureEdits.Create"/> (rewound for it).</summary>
    public static async Task<IResult?> AnswerAsync(HttpContext http, string collectionId)
    {
        var request = http.Request;
        if (FeatureRequestBody.MediaType(request) != "application/json" || CollectionCatalog.Find(collectionId) is null) return null;
        // Only a body of a stated length is looked at (OWSLib's requests states it): a chunked feature whose type came
        // late would be buffered here, spilled to disk past 30 KiB. One larger than a feature may be is Create's 413.
        if (request.ContentLength is not { } length || length > FeatureRequestBody.MaxBytes) return null;
        request.EnableBuffering();
        var (shape, body) = await ScanAsync(request.Body, http.RequestAborted);
        request.Body.Position = 0;
        if (shape != PostedShape.Filter) return null;
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Filter too large", detail: string.Create(CultureInfo.InvariantCulture,
                $"body: a JSON object without 'type' is read as a CQL2 JSON filter, and one is read up to {MaxBodyBytes / 1024} KiB; this one is {length} bytes. Narrow it, or use fewer vertices."),
                extensions: new Dictionary<string, object?> { ["parameter"] = "body", ["limit"] = MaxBodyBytes });
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
    /// Pure: a feature (not a JSON object, one with <c>type</c>, or not JSON at all), a filter in compact JSON, or the
    /// filter's fault. The shape comes from one reader pass; only a filter is then parsed as a document.
    /// </summary>
    public static PostedBody Read(ReadOnlyMemory<byte> body)
    {
        if (PostedBodyShape.Of(body.Span) != PostedShape.Filter) return PostedBody.Feature;
        var (document, _) = JsonInput.Parse(body);
        // An object that closed but is not JSON we read (trailing bytes, too deep, bad UTF-8): Create's to refuse.
        if (document is null) return PostedBody.Feature;
        using (document)
        {
            using var compact = new MemoryStream();
            // Relaxed: the filter goes into a URL, percent-encoded there; \uXXXX for every CJK letter would make it six times longer.
            using (var writer = new Utf8JsonWriter(compact, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) document.RootElement.WriteTo(writer);
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

    /// <summary>
    /// The body's shape, chunk by chunk, stopping as soon as it is known or after <see cref="MaxBodyBytes"/>, with the
    /// body itself when it is a filter within that. Nothing past the limit is read here, before anyone is authenticated:
    /// a shape not known by then is Create's (which asks for credentials first), a filter with more after it a 413. An
    /// unfinished token is scanned again only once the bytes after it have doubled, so a body sent a byte at a time
    /// costs a few passes over it, not one per byte.
    /// </summary>
    private static async Task<(PostedShape Shape, byte[]? Body)> ScanAsync(Stream body, CancellationToken cancellationToken)
    {
        var scan = new PostedBodyShape();
        var buffer = new byte[MaxBodyBytes + 1];
        var total = 0;
        var scanned = 0;
        var rescanAt = 0;
        while (scan.Shape == PostedShape.Unknown && total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken);
            total += read;
            if (read != 0 && total < buffer.Length && total - scanned < rescanAt) continue;
            var pending = total - scanned;
            scanned += scan.Feed(buffer.AsSpan(scanned, pending), final: read == 0);
            rescanAt = 2 * (total - scanned);
            if (read == 0) break;
        }
        if (scan.Shape != PostedShape.Filter) return (total > MaxBodyBytes ? PostedShape.Unknown : scan.Shape, null);
        // The rest after the object's end is read too, so trailing bytes are refused like any other broken JSON.
        int more;
        while (total < buffer.Length && (more = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0) total += more;
        return (scan.Shape, total <= MaxBodyBytes ? buffer.AsSpan(0, total).ToArray() : null);
    }
}

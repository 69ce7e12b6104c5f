using System.Text.Json;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Editing;

/// <summary>Reads a write's body: the media type, Content-Crs and the JSON, refusing early with 400/413/415.</summary>
public static class FeatureRequestBody
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const string MergePatch = "application/merge-patch+json";

    public static string? MediaType(HttpRequest request) => request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();

    public const string ContentCrs = "Content-Crs";

    /// <summary>
    /// The CRS of the body's coordinates: Content-Crs (OGC API Features Part 2), CRS84 when absent. A header sent
    /// empty or twice is refused, not read as CRS84: the client meant to name a CRS and coordinates read in the wrong one
    /// land kilometres away.
    /// </summary>
    public static (CrsReference? Crs, IResult? Problem) Crs(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(ContentCrs, out var values)) return (CrsReference.Crs84, null);
        var header = values.ToString().Trim();
        var offered = string.Join(", ", CrsReference.Supported.Select(c => "<" + c.Uri + ">"));
        if (values.Count > 1)
            return (null, Problems.BadParameter(new ParameterError(ContentCrs, $"sent {values.Count} times ('{header}'); send it once, one of {offered}")));
        if (header.Length == 0)
            return (null, Problems.BadParameter(new ParameterError(ContentCrs, $"empty; name the CRS of the body, one of {offered}, or leave the header out for CRS84")));
        var uri = header.StartsWith('<') && header.EndsWith('>') ? header[1..^1] : header;
        return CrsReference.Parse(uri) is { } crs
            ? (crs, null)
            : (null, Problems.BadParameter(new ParameterError(ContentCrs, $"'{header}' is not a CRS this server reads; use one of {offered}")));
    }

    public static IResult Unsupported(string? mediaType, params string[] accepted) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
        detail: $"Content-Type '{mediaType ?? "(none)"}' is not read here; send {string.Join(" or ", accepted)}");

    public static async Task<(byte[]? Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes) return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) return (null, TooLarge());
        }
        return (buffer.ToArray(), null);
    }

    /// <summary>The JSON document of a body (the caller disposes it), or a 400 naming where it is broken.</summary>
    public static (JsonDocument? Document, IResult? Problem) Json(byte[] body)
    {
        if (body.Length == 0) return (null, Problems.BadParameter(new ParameterError("body", "the request body is empty; send a GeoJSON Feature")));
        var (document, problem) = JsonInput.Parse(body);
        return document is null ? (null, Problems.BadParameter(new ParameterError("body", $"not JSON: {problem}"))) : (document, null);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        detail: $"body: more than {MaxBytes / 1024 / 1024} MiB");

    /// <summary>422 with every problem of a submitted feature, each under its JSON pointer.</summary>
    public static IResult Invalid(string collectionId, IReadOnlyList<FieldError> errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid feature",
        detail: $"{errors.Count} problem(s) with this {collectionId} feature: " + string.Join("; ", errors.Select(e => $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Detail}")),
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new Dictionary<string, string> { ["pointer"] = e.Pointer, ["detail"] = e.Detail }).ToList() });
}

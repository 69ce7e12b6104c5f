using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Spatial.Api.Http;

/// <summary>What was wrong with one request parameter (or body line, ring, …): the name and the reason.</summary>
public sealed record ParameterError(string Parameter, string Reason);

/// <summary>The expected 4xx outcomes, as RFC 9457 problems; the messages name what is at fault.</summary>
public static class Problems
{
    public static ProblemHttpResult BadParameter(ParameterError error) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid parameter", detail: $"{error.Parameter}: {error.Reason}",
        extensions: new Dictionary<string, object?> { ["parameter"] = error.Parameter });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>A 404 because of one path or query parameter (a tile outside its matrix): names it like a 400 does.</summary>
    public static ProblemHttpResult NotFound(ParameterError error) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{error.Parameter}: {error.Reason}",
        extensions: new Dictionary<string, object?> { ["parameter"] = error.Parameter });

    /// <summary>A 503 the client may retry after the given seconds (a transient database state, a deadline).</summary>
    public static Task Unavailable(HttpContext http, string title, string detail, int retryAfterSeconds) =>
        WriteAsync(http, StatusCodes.Status503ServiceUnavailable, title, detail, retryAfterSeconds);

    /// <summary>Writes a problem outside an endpoint (middleware, rate limiter), with Retry-After when given.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = status, Title = title, Detail = detail,
                Type = status == StatusCodes.Status429TooManyRequests ? "https://www.rfc-editor.org/rfc/rfc6585#section-4" : null,
            },
        });
    }
}

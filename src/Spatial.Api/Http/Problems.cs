using Microsoft.AspNetCore.Http.HttpResults;

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
}

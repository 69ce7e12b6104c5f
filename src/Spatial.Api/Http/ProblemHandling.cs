using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Spatial.Api.Http;

/// <summary>Every 4xx/5xx leaves as RFC 9457 application/problem+json carrying the request id.</summary>
public static class ProblemHandling
{
    public static IServiceCollection AddSpatialProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Extensions["traceId"] = http.TraceIdentifier;
            context.ProblemDetails.Instance ??= http.Request.Path;
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => $"There is no resource at {http.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                _ => null,
            };
        });
        services.AddExceptionHandler<InfrastructureFaultHandler>();
        return services;
    }

    public static WebApplication UseSpatialProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// <summary>
/// Maps faults of the infrastructure to honest statuses. Expected outcomes of a request (bad input,
/// not found) are typed results in the endpoints, never exceptions.
/// </summary>
internal sealed partial class InfrastructureFaultHandler(
    IProblemDetailsService problems, ILogger<InfrastructureFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg =>
                (StatusCodes.Status409Conflict, "Conflict", $"A row with the same key exists ({pg.ConstraintName})."),
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } =>
                (StatusCodes.Status503ServiceUnavailable, "Query cancelled", "The database cancelled the query (timeout or shutdown). Try again."),
            PostgresException => (StatusCodes.Status500InternalServerError, "Database error",
                $"The database rejected the request. Quote trace id {http.TraceIdentifier} when reporting this."),
            NpgsqlException or TimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, "Database unavailable",
                 "The database cannot be reached. See GET /health/ready for the reason; try again when it is back."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error",
                $"An unexpected error occurred. Quote trace id {http.TraceIdentifier} when reporting this."),
        };
        if (status >= 500) LogFault(exception, http.Request.Method, http.Request.Path, status, http.TraceIdentifier);
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status} id={RequestId}")]
    private partial void LogFault(Exception exception, string method, string path, int status, string requestId);
}

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

    /// <summary>
    /// The same handling again inside the request metrics (call right after them): an endpoint's fault becomes its
    /// problem before the metrics read the status, so a database outage is counted as the 503 it is, under the
    /// endpoint's route template. The outer handler of <see cref="UseSpatialProblemDetails"/> still catches the
    /// middleware before routing.
    /// </summary>
    public static WebApplication UseEndpointFaultsAsProblems(this WebApplication app)
    {
        // The exception handler forgets the endpoint while it writes the problem; the metrics around it label by it.
        app.Use(async (http, next) =>
        {
            await next(http);
            if (http.GetEndpoint() is null && http.Features.Get<IExceptionHandlerFeature>()?.Endpoint is { } endpoint)
                http.SetEndpoint(endpoint);
        });
        app.UseExceptionHandler();
        return app;
    }
}

/// <summary>
/// Maps faults of the infrastructure to honest statuses. Expected outcomes of a request (bad input,
/// not found) are typed results in the endpoints, never exceptions. A database that is restarting,
/// unreachable or out of connections is a 503 with Retry-After: the request was fine and will work again.
/// </summary>
internal sealed partial class InfrastructureFaultHandler(
    IProblemDetailsService problems, ILogger<InfrastructureFaultHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", Unreadable(bad.StatusCode)),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg =>
                (StatusCodes.Status409Conflict, "Conflict", $"A row with the same key exists ({pg.ConstraintName})."),
            PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } pg =>
                (StatusCodes.Status409Conflict, "Conflict", $"{pg.MessageText}: {pg.Detail} Remove or change the rows that name it first."),
            // Values the database refuses (a CHECK, a domain, NOT NULL, a text with U+0000) are the request's fault, not the server's.
            PostgresException { SqlState: PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation or
                                       PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } pg =>
                (StatusCodes.Status422UnprocessableEntity, "Invalid values", $"The database refused a value: {pg.MessageText}."),
            Data.ReadGateTimeoutException waited => (StatusCodes.Status503ServiceUnavailable, "Deadline exceeded", waited.Message),
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } or NpgsqlException { InnerException: TimeoutException } =>
                (StatusCodes.Status503ServiceUnavailable, "Deadline exceeded",
                 "The database stopped the query at its deadline. Narrow the request (bbox, filter, limit) or try again later."),
            _ when Data.DatabaseFaults.IsTransient(exception) =>
                (StatusCodes.Status503ServiceUnavailable, "Database unavailable",
                 "The database is restarting, unreachable or busy. See GET /health/ready for the reason; try again shortly."),
            PostgresException => (StatusCodes.Status500InternalServerError, "Database error",
                $"The database rejected the request. Quote trace id {http.TraceIdentifier} when reporting this."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error",
                $"An unexpected error occurred. Quote trace id {http.TraceIdentifier} when reporting this."),
        };
        // A wait at the gate is the service's own load shedding, not a fault: one line, no stack trace (under overload there are many).
        if (exception is Data.ReadGateTimeoutException) LogBusy(http.Request.Method, http.Request.Path, http.TraceIdentifier);
        else if (status >= 500) LogFault(exception, http.Request.Method, http.Request.Path, status, http.TraceIdentifier);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Connections to a server that went away are dead; drop the idle ones so recovery is immediate.
            if (exception is not (PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } or NpgsqlException { InnerException: TimeoutException }
                or Data.ReadGateTimeoutException))
                http.RequestServices.GetService<Data.SpatialDatabase>()?.ClearAll();
        }
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (status == StatusCodes.Status422UnprocessableEntity && exception is PostgresException refused)
            problem.Extensions["errors"] = new List<Dictionary<string, string>>
            {
                new() { ["pointer"] = refused.ColumnName is { } column ? "/properties/" + column : "", ["detail"] = refused.MessageText },
            };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>The server's words for a request it could not read, rather than the framework's.</summary>
    private static string Unreadable(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "body: larger than this service accepts; split the file or send it compressed.",
        StatusCodes.Status408RequestTimeout => "body: it did not arrive in time; send it again.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "headers: too large.",
        _ => "The request could not be read: its headers, encoding or body framing are malformed.",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status} id={RequestId}")]
    private partial void LogFault(Exception exception, string method, string path, int status, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} waited the reads' deadline for a statement place: 503 id={RequestId}")]
    private partial void LogBusy(string method, string path, string requestId);
}

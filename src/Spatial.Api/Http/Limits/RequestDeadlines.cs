using System.Globalization;
using Spatial.Api.Data;

namespace Spatial.Api.Http.Limits;

/// <summary>Endpoint metadata: the kind of database work a request to this endpoint does.</summary>
public sealed record DatabaseWorkMetadata(Func<HttpRequest, DatabaseWork> Choose);

/// <summary>
/// Every request to an endpoint that uses the database has a deadline: its kind of work's statement
/// timeout plus a grace for shaping the response. The request's cancellation token fires at the
/// deadline or when the client leaves, and every command runs on that token, so Npgsql cancels the
/// statement in PostgreSQL either way.
/// </summary>
public static class RequestDeadlines
{
    /// <summary>Time after the statement timeout for streaming the response; the statement's own 503 comes first.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private sealed record ChosenWork(DatabaseWork Work);

    public static TBuilder UsesDatabase<TBuilder>(this TBuilder builder, DatabaseWork work) where TBuilder : IEndpointConventionBuilder =>
        builder.UsesDatabase(_ => work);

    public static TBuilder UsesDatabase<TBuilder>(this TBuilder builder, Func<HttpRequest, DatabaseWork> choose) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DatabaseWorkMetadata(choose));

    private static readonly string[] Downloads = [.. new[] { OutputFormat.Csv, OutputFormat.Gpkg, OutputFormat.Shp, OutputFormat.Kml, OutputFormat.Dxf }.Select(f => f.Code())];

    /// <summary>A download (CSV, or a file of Features/Exports) is an export, with its own pool and deadline; anything else a read.</summary>
    public static DatabaseWork ReadOrExport(HttpRequest request) =>
        Downloads.Contains(ParameterChecks.Single(request.Query, "f")) ? DatabaseWork.Exports : DatabaseWork.Reads;

    /// <summary>The work chosen for this request, or null when its endpoint does not use the database.</summary>
    public static DatabaseWork? TryWorkOf(HttpContext http) => http.Features.Get<ChosenWork>()?.Work;

    /// <summary>The work chosen for this request; an endpoint that reaches the database without declaring it is a bug.</summary>
    public static DatabaseWork WorkOf(HttpContext http) =>
        http.Features.Get<ChosenWork>()?.Work
        ?? throw new InvalidOperationException($"The endpoint {http.GetEndpoint()?.DisplayName} uses the database but does not declare UsesDatabase(…).");

    public static WebApplication UseRequestDeadlines(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseWorkOptions>();
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<DatabaseWorkMetadata>() is not { } metadata)
            {
                await next(http);
                return;
            }
            var work = metadata.Choose(http.Request);
            http.Features.Set(new ChosenWork(work));
            var deadline = options.For(work).Deadline + Grace;
            var clientAborted = http.RequestAborted;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
            timer.CancelAfter(deadline);
            http.RequestAborted = timer.Token;
            try
            {
                await next(http);
            }
            catch (OperationCanceledException) when (!clientAborted.IsCancellationRequested && timer.IsCancellationRequested)
            {
                // Half a body cannot become a problem: the client sees the connection close instead of a truncated success.
                if (http.Response.HasStarted)
                {
                    http.Abort();
                    return;
                }
                await Problems.Unavailable(http, "Deadline exceeded",
                    string.Create(CultureInfo.InvariantCulture,
                        $"The request ran past its deadline of {deadline.TotalSeconds:0.#} s and was stopped. Narrow it (bbox, filter, limit) or try again later."),
                    retryAfterSeconds: 5);
            }
            finally
            {
                http.RequestAborted = clientAborted;
            }
        });
        return app;
    }
}

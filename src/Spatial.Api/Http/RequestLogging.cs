using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Spatial.Api.Http;

/// <summary>
/// One console line per request: method, path, status, duration, request id, client address. With
/// <c>Logging:Console:FormatterName=json</c> every log line is one JSON object and these are its fields.
/// </summary>
public static partial class RequestLogging
{
    private const string RequestIdHeader = "X-Request-Id";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SafeRequestId();

    public static ILoggingBuilder AddSpatialConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        if (string.Equals(configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = false;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
                options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
            return logging;
        }
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.IncludeScopes = false;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
            options.UseUtcTimestamp = true;
        });
        return logging;
    }

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Spatial.Requests");
        app.Use(async (http, next) =>
        {
            // A caller's request id (a proxy, the map) is kept so one id follows the request everywhere.
            var incoming = http.Request.Headers[RequestIdHeader].ToString();
            if (SafeRequestId().IsMatch(incoming)) http.TraceIdentifier = incoming;
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(http);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var target = http.Request.Path + http.Request.QueryString;
                    var client = http.Connection.RemoteIpAddress?.ToString() ?? "-";
                    LogRequest(logger, http.Request.Method, target, http.Response.StatusCode, elapsed, http.TraceIdentifier, client);
                }
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {DurationMs:0.0} ms id={RequestId} client={Client}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double durationMs, string requestId, string client);
}

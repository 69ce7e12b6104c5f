using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Spatial.Api.Http.Limits;

/// <summary>Settings <c>Spatial:Limits:ExpensivePerClient</c> (concurrent requests) and <c>…:ExpensiveQueue</c> (waiting ones).</summary>
public sealed class ConcurrencyLimits
{
    public const string Section = "Spatial:Limits";

    public int ExpensivePerClient { get; set; } = 2;
    public int ExpensiveQueue { get; set; } = 4;

    public static ConcurrencyLimits From(IConfiguration configuration)
    {
        var limits = configuration.GetSection(Section).Get<ConcurrencyLimits>() ?? new ConcurrencyLimits();
        if (limits.ExpensivePerClient < 1 || limits.ExpensiveQueue < 0)
            throw new InvalidOperationException($"{Section}: ExpensivePerClient must be at least 1 and ExpensiveQueue 0 or more.");
        return limits;
    }
}

/// <summary>
/// How many expensive requests (footprint checks) one client may have running at once, with a short
/// queue; beyond that the answer is 429 with Retry-After. A client is its remote address: behind a configured proxy
/// (Spatial:Proxy, Http/Proxy/TrustedProxies.cs) the forwarded client address, so clients of one nginx are told apart.
/// </summary>
public static class ClientConcurrency
{
    public const string ExpensivePolicy = "expensive";
    private const int RetryAfterSeconds = 2;

    public static IServiceCollection AddClientConcurrency(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first used, not now: settings added by the host after Program.cs ran (tests, env) must count.
        services.AddSingleton(_ => ConcurrencyLimits.From(configuration));
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(ExpensivePolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<ConcurrencyLimits>();
                return RateLimitPartition.GetConcurrencyLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ExpensivePerClient,
                    QueueLimit = limits.ExpensiveQueue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            options.OnRejected = (context, _) =>
            {
                var limits = context.HttpContext.RequestServices.GetRequiredService<ConcurrencyLimits>();
                return new ValueTask(Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    string.Create(CultureInfo.InvariantCulture,
                        $"This client already has {limits.ExpensivePerClient} footprint check(s) running and {limits.ExpensiveQueue} waiting; wait for them, then send this again."),
                    RetryAfterSeconds));
            };
        });
        return services;
    }
}

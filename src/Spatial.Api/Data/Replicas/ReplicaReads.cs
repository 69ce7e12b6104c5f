using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Data.Replicas;

/// <summary>Marks an endpoint whose reads a hot standby may answer: heavy, read-only, and fine a moment behind the primary.</summary>
public sealed class ReplicaReadable;

/// <summary>Set on a request that must read from the primary: its client wrote something the replicas have not replayed yet.</summary>
public sealed class PrimaryRequired;

/// <summary>
/// Read-your-writes with hot standbys (ConnectionStrings:SpatialReplicas). Every successful write answers with the
/// primary's WAL position after it — header <c>Spatial-Written</c> and cookie <c>spatial-written</c> (5 minutes). A
/// request that carries a position (the cookie, which browsers send by themselves, or header <c>Spatial-Read-After</c>)
/// is read from a replica only when that replica has replayed past it, and from the primary otherwise. Without
/// replicas configured nothing of this happens.
/// </summary>
public static partial class ReplicaReads
{
    public const string WrittenHeader = "Spatial-Written";
    public const string ReadAfterHeader = "Spatial-Read-After";
    public const string Cookie = "spatial-written";
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(5);

    [GeneratedRegex("^[0-9A-F]{1,8}/[0-9A-F]{1,8}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WalPosition();

    // A promoted standby is no longer in recovery: it has everything that survived the failover.
    private const string CaughtUpSql = "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= $1";
    private const string PositionSql = "SELECT pg_current_wal_lsn()::text";

    public static TBuilder ReadsFromReplica<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ReplicaReadable());

    public static WebApplication UseReadYourWrites(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<SpatialDatabase>();
        if (!database.HasReplicas) return app;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReplicaReads));
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<ReplicaReadable>() is not null)
            {
                var header = http.Request.Headers[ReadAfterHeader];
                if (header.Count > 0 && (header.Count > 1 || !WalPosition().IsMatch(header[0]!)))
                {
                    await Problems.BadParameter(new ParameterError(ReadAfterHeader,
                        "a WAL position as the Spatial-Written header of a write gave it, e.g. 0/16B3748")).ExecuteAsync(http);
                    return;
                }
                var position = header.Count == 1 ? header[0] : http.Request.Cookies[Cookie] is { } cookie && WalPosition().IsMatch(cookie) ? cookie : null;
                if (position is not null && !await ReplicaHasAsync(database, http, position, logger)) http.Features.Set(new PrimaryRequired());
            }
            else if (RequestDeadlines.TryWorkOf(http) is DatabaseWork.Edits or DatabaseWork.Imports or DatabaseWork.Admin
                     && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            {
                http.Response.OnStarting(() => TellPositionAsync(database, http, logger));
            }
            await next(http);
        });
        return app;
    }

    private static async Task<bool> ReplicaHasAsync(SpatialDatabase database, HttpContext http, string position, ILogger logger)
    {
        try
        {
            await using var command = database.ReplicaFor(RequestDeadlines.WorkOf(http))!.CreateCommand(CaughtUpSql);
            command.Parameters.Add(new NpgsqlParameter { Value = NpgsqlLogSequenceNumber.Parse(position), NpgsqlDbType = NpgsqlDbType.PgLsn });
            return await command.ExecuteScalarAsync(http.RequestAborted) is true;
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e))
        {
            logger.LogWarning(e, "Could not ask a replica how far it has replayed; reading from the primary");
            return false;
        }
    }

    private static async Task TellPositionAsync(SpatialDatabase database, HttpContext http, ILogger logger)
    {
        // A refused write wrote nothing, and a redirect (a POSTed filter's 303 to its GET) is a read.
        if (http.Response.StatusCode >= 300) return;
        try
        {
            await using var command = database.For(DatabaseWork.Edits).CreateCommand(PositionSql);
            if (await command.ExecuteScalarAsync(http.RequestAborted) is not string position) return;
            http.Response.Headers[WrittenHeader] = position;
            http.Response.Cookies.Append(Cookie, position, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Path = http.Request.PathBase.HasValue ? http.Request.PathBase.Value : "/",
                MaxAge = CookieLifetime,
            });
        }
        catch (Exception e) when (DatabaseFaults.IsTransient(e) || e is OperationCanceledException)
        {
            // The write itself is done; without the position the client's next read may come from a replica a moment behind.
            logger.LogWarning(e, "Could not read the primary's WAL position after a write");
        }
    }
}

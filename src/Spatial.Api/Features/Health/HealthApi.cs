using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http.Limits;

using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Health;

public static class HealthApi
{
    // A replica's lag is the age of the last transaction it replayed: cheap, but it also grows while the primary is idle.
    private const string Versions = """
        SELECT postgis_lib_version(), current_setting('server_version'), pg_is_in_recovery(),
               CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END
        """;

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("", Alive).WithName("Alive").WithSummary("The process is up.");
        health.MapGet("/ready", Ready).UsesDatabase(DatabaseWork.Reads).WithName("Ready")
            .WithSummary("The database answers, PostGIS is installed and the schema is current; whether it is the primary or a replica (and its replay lag).")
            .Problem(503, "Not ready: the database, PostGIS or the schema (the problem says which)");
    }

    public sealed record Liveness(string Status, string Service);

    /// <summary><paramref name="Role"/> is primary or replica; <paramref name="ReplayLagSeconds"/> only for a replica that has replayed a transaction.</summary>
    public sealed record Readiness(string Status, string Postgres, string PostGis, int MigrationsApplied, int MigrationsKnown,
        string Role, double? ReplayLagSeconds);

    private static Ok<Liveness> Alive() => TypedResults.Ok(new Liveness("alive", "spatial"));

    private static async Task<Results<Ok<Readiness>, ProblemHttpResult>> Ready(
        HttpContext http, SpatialDatabase database, Migrator migrator, MigrationStatus status, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        ProblemHttpResult NotReady(string reason) => HealthApi.NotReady(http, reason);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            string postGis, postgres;
            bool replica;
            double? lag;
            await using (var command = new NpgsqlCommand(Versions, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                (postGis, postgres, replica) = (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
                lag = reader.IsDBNull(3) ? null : reader.GetDouble(3);
            }
            var state = await migrator.InspectAsync(connection, cancellationToken);
            if (!state.Current)
                return NotReady(
                    $"{state.Pending.Count} schema script(s) not applied yet ({string.Join(", ", state.Pending.Select(s => $"{s.Version:000}_{s.Name}"))})" +
                    (status.LastError is null ? "; the service applies them at start-up." : $"; last attempt: {status.LastError}"));
            return TypedResults.Ok(new Readiness("ready", postgres, postGis, state.Applied, state.Known, replica ? "replica" : "primary", lag));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedFunction)
        {
            return NotReady("PostGIS is not installed in the database (postgis_lib_version() is missing).");
        }
        catch (SchemaMigrationException e)
        {
            return NotReady(e.Message);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Pooled connections to a server that went away are dead; drop them so recovery is immediate.
            database.ClearAll();
            return NotReady("The database cannot be reached: " + (e switch
            {
                PostgresException { SqlState: "28P01" or "28000" } => "it refused the service's credentials.",
                PostgresException pg when Data.DatabaseFaults.IsTransient(pg) => "it is starting up, shutting down or out of connections.",
                TimeoutException or NpgsqlException { InnerException: TimeoutException } => "it did not answer in time.",
                _ => "the connection was refused or lost.",
            }));
        }
    }

    /// <summary>Not ready yet: a load balancer or a script may ask again after Retry-After.</summary>
    private static ProblemHttpResult NotReady(HttpContext http, string reason)
    {
        http.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(title: "Not ready", detail: reason, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

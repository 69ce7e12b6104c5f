using System.Net.Sockets;
using Npgsql;

namespace Spatial.Api.Data;

/// <summary>Which database failures pass by themselves: the request was right, the server was not there for it.</summary>
public static class DatabaseFaults
{
    // Server shutting down or starting (57P01–57P03), connection lost (class 08), out of connections
    // or resources (class 53), lock or serialisation conflicts a retry resolves (40001, 40P01, 55P03), a write that
    // reached a server in recovery while a standby is being promoted (25006).
    private static readonly string[] TransientStates = ["57P01", "57P02", "57P03", "40001", "40P01", "55P03", "55006", "25006"];

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException pg => pg.IsTransient || TransientStates.Contains(pg.SqlState) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        // Not from the server: the connection could not be opened, broke, or the pool had none free in time.
        NpgsqlException or TimeoutException or SocketException => true,
        _ => false,
    };
}

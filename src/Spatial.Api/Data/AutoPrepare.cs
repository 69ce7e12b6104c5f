using System.Data;
using Npgsql;

namespace Spatial.Api.Data;

/// <summary>
/// Npgsql auto-prepare: which pools keep their statements prepared, and the repair a connection needs after a statement
/// failed on it (the Npgsql 10 fault <c>bench/NpgsqlAutoPrepareRepro</c> shows).
/// </summary>
public static class AutoPrepare
{
    /// <summary>Statements kept prepared per connection: the page, feature, tile and version statements of the common requests.</summary>
    public const int MaxStatements = 100;

    /// <summary>
    /// Reads only: their statements are short, so parsing and planning are a large share of their time, and their
    /// parameters are checked before they reach PostgreSQL. The other pools run long statements on raw input (geometry
    /// from files) that PostgreSQL may refuse while planning, where the fault below would strike paths without the repair.
    /// </summary>
    public static bool IsOnByDefault(DatabaseWork work) => work == DatabaseWork.Reads;

    /// <summary>
    /// Npgsql prepares a statement on its second run by sending Parse, Bind, Describe and Execute together, and marks it
    /// prepared when ParseComplete arrives; its row description comes only after Bind. When PostgreSQL fails the Bind
    /// (an error while planning with the parameters, a permission check, a cancel or statement_timeout while planning),
    /// the statement stays prepared without a row description, and the next run of that SQL on the connection reads a
    /// DataRow where Npgsql expects none: "Received unexpected backend message DataRow", a 500, a broken connection.
    /// Forgetting every prepared statement of the connection (DEALLOCATE ALL, on both sides) puts Npgsql and the server
    /// back in step; they are prepared again after two runs. Called when executing a statement failed before its rows were read.
    /// </summary>
    public static void ForgetAfterFailure(NpgsqlConnection connection)
    {
        if (connection.FullState != ConnectionState.Open) return;
        try
        {
            // Npgsql has only a synchronous UnprepareAll: one short round trip, on the failure path alone.
            connection.UnprepareAll();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // The connection broke on the way: Npgsql drops it instead of returning it to the pool, which repairs it too.
        }
    }

    /// <summary>Whether a failure of a statement's execution may have left it half prepared: PostgreSQL refused it, or its run was cancelled.</summary>
    public static bool MayHaveBrokenPreparation(Exception exception) => exception is PostgresException or OperationCanceledException;
}

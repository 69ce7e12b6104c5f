// Npgsql 10 auto-prepare: a statement whose preparing run fails at Bind is left "prepared" without a row description.
//
// With Max Auto Prepare on, Npgsql prepares a statement on its AutoPrepareMinUsages-th run by sending
// Parse(_autoN), Bind, Describe(portal), Execute in one go. NpgsqlDataReader.NextResult marks the statement
// Prepared as soon as ParseComplete arrives, and only takes its RowDescription from the Describe that follows
// Bind. When PostgreSQL fails the Bind — an error raised while planning with the parameters (here 10 / 0 folded
// as a constant), a permission check (ExecutorStart runs at Bind), a cancel or statement_timeout during planning —
// the statement stays Prepared with Description null, and nothing in the error path undoes it (AbortPrepare is only
// called while IsPreparing, which was already cleared). The next run of the same SQL on that connection sends
// Bind/Execute only, expects no rows, gets a DataRow: "Received unexpected backend message DataRow. Please file a
// bug." and the connector is broken.
//
//   dotnet run --project bench/NpgsqlAutoPrepareRepro -- "Host=127.0.0.1;Port=55432;Username=postgres;Password=…;Database=postgres"
// Exit 1: the bug reproduced; exit 0: this Npgsql version no longer has it.
using Npgsql;

var connectionString = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("SPATIAL_DB")
    ?? throw new InvalidOperationException("Give a connection string (argument or SPATIAL_DB).");
var settings = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 10, AutoPrepareMinUsages = 2, Pooling = false };
await using var connection = new NpgsqlConnection(settings.ConnectionString);
await connection.OpenAsync();

async Task<string> RunAsync(int divisor)
{
    await using var command = new NpgsqlCommand("SELECT 10 / $1", connection);
    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = divisor });
    try
    {
        return $"{await command.ExecuteScalarAsync()}";
    }
    catch (Exception e)
    {
        return $"{e.GetType().Name}: {e.Message}";
    }
}

Console.WriteLine($"run 1 (not prepared), 10 / 5: {await RunAsync(5)}");
Console.WriteLine($"run 2 (being prepared), 10 / 0: {await RunAsync(0)}");
var third = await RunAsync(2);
Console.WriteLine($"run 3 (prepared), 10 / 2: {third}");
if (third == "5") return 0;
Console.WriteLine("reproduced: the statement prepared on a run whose Bind failed has no row description");
return 1;

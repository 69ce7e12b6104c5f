namespace Spatial.Api.Tests.Infrastructure;

/// <summary>What PostgreSQL itself says the service's connections are doing (pg_stat_activity).</summary>
internal static class Backends
{
    /// <summary>Backends of one pool (application_name "spatial-tests/&lt;work&gt;") in this database that are running or waiting on a statement.</summary>
    public static Task<long> BusyAsync(TestDatabase database, string work) => database.ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND state <> 'idle'",
        "spatial-tests/" + work);

    /// <summary>Waits until no backend of the pool is busy; false when one still is after <paramref name="within"/>.</summary>
    public static async Task<bool> SettleAsync(TestDatabase database, string work, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (await BusyAsync(database, work) > 0)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(50);
        }
        return true;
    }
}

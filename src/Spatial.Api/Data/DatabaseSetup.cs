using Npgsql;

namespace Spatial.Api.Data;

public static class DatabaseSetup
{
    /// <summary>
    /// The connection string: <c>ConnectionStrings:Spatial</c> (appsettings or env
    /// <c>ConnectionStrings__Spatial</c>), otherwise env <c>SPATIAL_DB</c>.
    /// </summary>
    public static string ResolveConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Spatial");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var fromEnvironment = Environment.GetEnvironmentVariable("SPATIAL_DB");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        throw new InvalidOperationException(
            "No database configured: set ConnectionStrings:Spatial (env ConnectionStrings__Spatial) or SPATIAL_DB, " +
            "or start the service with scripts/run, which starts a local PostGIS and sets it.");
    }

    /// <summary>A data source for the command line and benchmarks, with the default limits of its kind of work.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, DatabaseWork work = DatabaseWork.Admin) =>
        CreateDataSource(connectionString, work, new DatabaseWorkOptions().For(work));

    /// <summary>Hot standbys for heavy reads (<c>ConnectionStrings:SpatialReplicas</c>), or null: every read from the primary.</summary>
    public static string? ResolveReplicasConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("SpatialReplicas") is { } replicas && !string.IsNullOrWhiteSpace(replicas) ? replicas : null;

    /// <param name="role">Added to the application name of a standby's connections (spatial/reads/replica).</param>
    public static NpgsqlDataSource CreateDataSource(string connectionString, DatabaseWork work, WorkLimits limits, string? role = null)
    {
        // The name labels the pool in Npgsql's metrics (otherwise the connection string would).
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = $"spatial/{work.ToString().ToLowerInvariant()}" };
        var settings = builder.ConnectionStringBuilder;
        settings.ApplicationName = $"{settings.ApplicationName ?? "spatial"}/{work.ToString().ToLowerInvariant()}{(role is null ? "" : "/" + role)}";
        // A dead server must be reported quickly by /health/ready, not after the 15 s default.
        if (settings.Timeout == 15) settings.Timeout = 5;
        settings.MaxPoolSize = limits.Connections;
        // PostgreSQL's statement_timeout and the request's token decide; Npgsql's own timeout (30 s by
        // default) would otherwise cut longer deadlines short and report a slow statement as an outage.
        settings.CommandTimeout = (int)Math.Ceiling((limits.Deadline + TimeSpan.FromSeconds(10)).TotalSeconds);
        // Statements used twice on a connection stay prepared on it, so reads are not parsed and planned per request
        // (see AutoPrepare for which pools and why). A connection string that says Max Auto Prepare (0 behind a pooler
        // in transaction mode) decides for every pool.
        if (AutoPrepare.IsOnByDefault(work) && !Says(connectionString, "MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = AutoPrepare.MaxStatements;
            settings.AutoPrepareMinUsages = 2;
        }
        // No reads statement leaves state in the session (no SET, temporary table, LISTEN or advisory lock; edits use
        // set_config(…, true), local to their transaction), so the reset Npgsql would otherwise put in front of each
        // request's first statement (DISCARD ALL, or seven statements from RESET ALL to DISCARD TEMP once statements are
        // prepared) is work for nothing. An open transaction is still rolled back when a connection returns to the pool.
        if (work == DatabaseWork.Reads && !Says(connectionString, "NoResetOnClose")) settings.NoResetOnClose = true;
        var options = $"-c statement_timeout={(long)limits.Deadline.TotalMilliseconds}";
        // PostgreSQL compiles a statement whose estimated cost passes jit_above_cost — every dense tile and large page,
        // since PostGIS functions are costed high — and the compiling took ~8 % of a dense z10 tile
        // (bench/results/tiles-sql.md). It pays off for statements that run for seconds, not for work answered within a request.
        if (work is DatabaseWork.Reads or DatabaseWork.FootprintChecks or DatabaseWork.Edits && !(settings.Options ?? "").Contains("jit="))
            options += " -c jit=off";
        settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? options : $"{settings.Options} {options}";
        // Geometry parameters of the write path are NTS geometries; reads keep PostGIS's GeoJSON and WKB text.
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    /// <summary>Whether the connection string itself sets a keyword, spaces aside (NpgsqlConnectionStringBuilder knows every keyword, set or not).</summary>
    private static bool Says(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));

    public static IServiceCollection AddSpatialDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => DatabaseWorkOptions.From(configuration));
        services.AddSingleton(sp => new SpatialDatabase(ResolveConnectionString(configuration), sp.GetRequiredService<DatabaseWorkOptions>(),
            ResolveReplicasConnectionString(configuration)));
        services.AddSingleton<ReadGate>();
        services.AddSingleton(_ => new Migrator(SchemaScripts.Embedded()));
        services.AddSingleton<MigrationStatus>();
        if (configuration.GetValue("Spatial:ApplyMigrationsOnStartup", true))
            services.AddHostedService<StartupMigrations>();
        return services;
    }
}

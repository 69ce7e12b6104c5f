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
        // Npgsql auto-prepare is off unless the connection string turns it on (Max Auto Prepare=100;Auto Prepare Min
        // Usages=2): with it on, a connection whose page batches had failed inside PostgreSQL (permission denied, a
        // thousand times) later read a DataRow where Npgsql expected another message, a 500
        // (ConnectionOwnershipTests). REVIEW: find the cause before turning it on by default.
        var timeout = $"-c statement_timeout={(long)limits.Deadline.TotalMilliseconds}";
        settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? timeout : $"{settings.Options} {timeout}";
        // Geometry parameters of the write path are NTS geometries; reads keep PostGIS's GeoJSON and WKB text.
        builder.UseNetTopologySuite();
        return builder.Build();
    }

    public static IServiceCollection AddSpatialDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => DatabaseWorkOptions.From(configuration));
        services.AddSingleton(sp => new SpatialDatabase(ResolveConnectionString(configuration), sp.GetRequiredService<DatabaseWorkOptions>(),
            ResolveReplicasConnectionString(configuration)));
        services.AddSingleton(_ => new Migrator(SchemaScripts.Embedded()));
        services.AddSingleton<MigrationStatus>();
        if (configuration.GetValue("Spatial:ApplyMigrationsOnStartup", true))
            services.AddHostedService<StartupMigrations>();
        return services;
    }
}

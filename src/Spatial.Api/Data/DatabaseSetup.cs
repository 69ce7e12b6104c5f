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

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "spatial";
        // A dead server must be reported quickly by /health/ready, not after the 15 s default.
        if (builder.ConnectionStringBuilder.Timeout == 15) builder.ConnectionStringBuilder.Timeout = 5;
        return builder.Build();
    }

    public static IServiceCollection AddSpatialDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => CreateDataSource(ResolveConnectionString(configuration)));
        services.AddSingleton(_ => new Migrator(SchemaScripts.Embedded()));
        services.AddSingleton<MigrationStatus>();
        if (configuration.GetValue("Spatial:ApplyMigrationsOnStartup", true))
            services.AddHostedService<StartupMigrations>();
        return services;
    }
}

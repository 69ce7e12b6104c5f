using Microsoft.Extensions.Configuration;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli;

namespace Spatial.Api.Tests.Cli;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Spatial_migrate_applies_the_schema_and_a_second_run_reports_it_current()
    {
        await using var database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Spatial"] = database.ConnectionString })
            .Build();
        using var first = new StringWriter();
        using var second = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync(["migrate"], configuration, first));
        Assert.Equal(0, await CommandLine.RunAsync(["migrate"], configuration, second));

        Assert.StartsWith("Applied 001_postgis", first.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Schema current", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_the_usage()
    {
        using var errors = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["migrat"], new ConfigurationBuilder().Build(), TextWriter.Null, errors));
        Assert.Contains("unknown command 'migrat'", errors.ToString(), StringComparison.Ordinal);
    }
}

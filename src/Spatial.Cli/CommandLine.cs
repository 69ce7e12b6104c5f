using Microsoft.Extensions.Configuration;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Cli.Gisdata;

namespace Spatial.Cli;

/// <summary><c>spatial &lt;command&gt;</c>: the operator's tools. Exit codes: 0 ok, 1 failed, 2 usage.</summary>
public static class CommandLine
{
    private const string Usage = """
        usage: spatial <command>
          migrate                                  apply pending schema scripts
          load-gisdata [--if-empty] [--gisdata DIR]  (re)load every layer from gisdata/ in one transaction
          check FILE [--crs URI] [--tolerance M2] [--sector S]
                                                   check a footprint (.txt land-parcel file, .geojson/.json, .wkt);
                                                   exit 0 pass, 1 warn, 2 fail, 3 unreadable file
        """ + "\n" + KeysCommand.Usage + "\n" + ExportCommand.Usage + "\n" + """
        The database comes from ConnectionStrings__Spatial or SPATIAL_DB.
        """;

    public static async Task<int> RunAsync(
        string[] args, IConfiguration? configuration = null, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        if (args.Length == 0) { await errors.WriteLineAsync(Usage); return 2; }
        configuration ??= new ConfigurationBuilder().AddEnvironmentVariables().Build();
        try
        {
            switch (args[0])
            {
                case "migrate":
                    await using (var dataSource = DatabaseSetup.CreateDataSource(DatabaseSetup.ResolveConnectionString(configuration)))
                    {
                        var migrator = new Migrator(SchemaScripts.Embedded());
                        var applied = await migrator.ApplyAsync(dataSource, CancellationToken.None);
                        await output.WriteLineAsync(applied.Count == 0
                            ? $"Schema current ({migrator.Scripts.Count} scripts)."
                            : $"Applied {string.Join(", ", applied.Select(s => $"{s.Version:000}_{s.Name}"))}.");
                    }
                    return 0;
                case "check":
                    return await FootprintCommand.RunAsync(args[1..], configuration, output, errors);
                case "keys":
                    return await KeysCommand.RunAsync(args[1..], configuration, output, errors);
                case "export":
                    using (var interrupted = new CancellationTokenSource())
                    {
                        // Ctrl-C stops the export, ogr2ogr with it, and removes its folder.
                        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; interrupted.Cancel(); };
                        Console.CancelKeyPress += stop;
                        try
                        {
                            return await ExportCommand.RunAsync(args[1..], configuration, output, errors, interrupted.Token);
                        }
                        finally
                        {
                            Console.CancelKeyPress -= stop;
                        }
                    }
                case "load-gisdata":
                    return await LoadGisdataAsync(args[1..], configuration, output);
                default:
                    await errors.WriteLineAsync($"unknown command '{args[0]}'\n{Usage}");
                    return 2;
            }
        }
        catch (Exception e) when (e is SchemaMigrationException or NpgsqlException or InvalidOperationException
                                       or InvalidDataException or IOException or ArgumentException)
        {
            await errors.WriteLineAsync($"spatial {args[0]}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> LoadGisdataAsync(string[] options, IConfiguration configuration, TextWriter output)
    {
        var ifEmpty = options.Contains("--if-empty");
        var at = Array.IndexOf(options, "--gisdata");
        var directory = GisdataDirectory.Resolve(at >= 0 && at + 1 < options.Length ? options[at + 1] : null);
        await using var dataSource = DatabaseSetup.CreateDataSource(DatabaseSetup.ResolveConnectionString(configuration));
        await new Migrator(SchemaScripts.Embedded()).ApplyAsync(dataSource, CancellationToken.None);
        if (ifEmpty && !await GisdataLoader.IsEmptyAsync(dataSource, CancellationToken.None))
        {
            await output.WriteLineAsync("gisdata already loaded; nothing to do (run without --if-empty to reload).");
            return 0;
        }
        var counts = await GisdataLoader.LoadAsync(dataSource, directory, CancellationToken.None);
        await output.WriteLineAsync($"Loaded {directory}:");
        foreach (var (layer, rows) in counts) await output.WriteLineAsync($"  {layer,-18} {rows,5}");
        return 0;
    }
}

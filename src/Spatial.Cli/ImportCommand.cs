using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing;
using Spatial.Api.Features.Imports;
using Spatial.Api.Http.Auth;

namespace Spatial.Cli;

/// <summary>
/// <c>spatial import COLLECTION FILE</c>: the import service in process, on the same code path as the API (same
/// parameters and rules, same staging, report and history); the operator imports as an administrator.
/// </summary>
public static class ImportCommand
{
    public const string Usage = """
          import COLLECTION FILE [--dry-run] [--crs CRS] [--seven-parameters … --rotation-convention …] [--four-parameters …]
                 [--encoding GBK|UTF-8] [--mapping JSON] [--layer NAME] [--match id|source_ref]
                                                   import a file (as POST /collections/COLLECTION/imports); prints the report's
                                                   summary; exit 0 written or dry run, 1 rejected or failed, 2 usage
        """;

    private static readonly Dictionary<string, string> Options = new()
    {
        ["--crs"] = "crs", ["--seven-parameters"] = "seven_parameters", ["--rotation-convention"] = "rotation_convention",
        ["--four-parameters"] = "four_parameters", ["--encoding"] = "encoding", ["--mapping"] = "mapping", ["--layer"] = "layer", ["--match"] = "match",
    };

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        var positional = new List<string>();
        var query = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--dry-run") query["dry_run"] = "true";
            else if (Options.TryGetValue(args[i], out var name) && i + 1 < args.Length) query[name] = args[++i];
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                await errors.WriteLineAsync($"import: unknown option {args[i]}\n{Usage}");
                return 2;
            }
            else positional.Add(args[i]);
        }
        if (positional.Count != 2)
        {
            await errors.WriteLineAsync($"import needs a collection and a file\n{Usage}");
            return 2;
        }
        var (collectionId, path) = (positional[0], positional[1]);
        if (!File.Exists(path))
        {
            await errors.WriteLineAsync($"import: no file {path}");
            return 2;
        }
        var settings = ImportSettings.From(configuration);
        var work = new DatabaseWorkOptions();
        await using var database = new SpatialDatabase(DatabaseSetup.ResolveConnectionString(configuration), work);
        using var schema = new EditingSchema();
        IReadOnlyDictionary<string, EditableLayer> layers;
        await using (var connection = await database.For(DatabaseWork.Imports).OpenConnectionAsync())
            layers = await schema.LayersAsync(connection, CancellationToken.None);
        if (!layers.TryGetValue(collectionId, out var layer))
        {
            await errors.WriteLineAsync($"import: '{collectionId}' is not an editable collection; use one of {string.Join(", ", layers.Keys.Order())}");
            return 2;
        }
        var (parameters, bad) = ImportParameters.Read(query, layer.Columns.Select(c => c.Name).ToList(), layer.ServedOnly);
        if (bad is not null)
        {
            await errors.WriteLineAsync($"import: {bad.Parameter}: {bad.Reason}");
            return 2;
        }
        var editor = new Editor($"{Environment.UserName} (spatial import)", Role.Admin, null, Credentials.CommandLine);
        using var runner = new ImportRunner(database, settings, work, NullLogger<ImportRunner>.Instance);
        var file = SpooledFile.Create(settings, null, Path.GetFileName(path));
        ImportJob job;
        try
        {
            await using (var source = File.OpenRead(path)) await file.FillAsync(source, settings.MaxUploadBytes, CancellationToken.None);
            job = new ImportJob(layer, editor, ImportFormats.Recognise(file, settings), file, parameters!);
            job.Id = await ImportStore.CreateAsync(runner.Pool, job, CancellationToken.None);
        }
        catch (ImportRefusedException refused)
        {
            file.Dispose();
            await errors.WriteLineAsync($"import: {refused.Message}");
            return 1;
        }
        var outcome = await runner.RunAsync(job, CancellationToken.None);
        await using var read = await runner.Pool.OpenConnectionAsync();
        var row = (await ImportRow.FindAsync(read, job.Id, withFeatures: true, CancellationToken.None))!;
        await output.WriteLineAsync($"import {row.Id} of {Path.GetFileName(path)} ({row.Format}) into {collectionId}: {row.Status.Code()}{(row.DryRun ? " (dry run)" : "")}");
        if (outcome.Refusal is { } refusal)
        {
            await errors.WriteLineAsync($"import: {refusal.Message}");
            return 1;
        }
        var counts = System.Text.Json.JsonSerializer.Deserialize<ImportCounts>(row.CountsJson, ImportReport.Json)!;
        await output.WriteLineAsync($"  {counts.Total} features: {counts.Created} created, {counts.Updated} updated, {counts.Unchanged} unchanged, " +
                                    $"{counts.Rejected} rejected, {counts.Warnings} with warnings");
        foreach (var line in row.ReportRows().Where(r => (string)r[1]! == "rejected" || (string)r[7]! != "").Take(50))
            await output.WriteLineAsync($"  #{line[0]} {line[2]} {line[1]}: {line[5]}{((string)line[7]! == "" ? "" : " — " + line[7])}");
        return outcome.Status == ImportStatus.Succeeded ? 0 : 1;
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Exports;
using Spatial.Api.Features.Filtering;
using Spatial.Api.Http;

namespace Spatial.Cli;

/// <summary>
/// <c>spatial export COLLECTION FILE</c>: the export of /items?f=…, made in this process on the database by the
/// same code (Features/Exports), no server needed. Every <c>--name value</c> is the items parameter <c>name</c>
/// (crs, filter, bbox, encoding, sortby, properties, a queryable), checked by the same rules and words.
/// </summary>
public static class ExportCommand
{
    public const string Usage = """
          export COLLECTION FILE [--crs URI] [--filter CQL2] [--encoding UTF-8|GBK] [--bbox …] [--QUERYABLE VALUE]
                                                   every feature that matches, as FILE; its ending is the format:
                                                   .gpkg, .shp.zip, .kml, .dxf (Gauss–Krüger), .csv, .geojson
        """;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (args.Length < 2 || args[0].StartsWith('-') || args[1].StartsWith('-') || args.Length % 2 != 0)
            return await Refuse(errors, $"usage:\n{Usage}", 2);
        var (collectionId, target) = (args[0], args[1]);
        if (CollectionCatalog.Find(collectionId) is not { } collection)
            return await Refuse(errors, $"there is no collection '{collectionId}'; the collections are: {string.Join(", ", CollectionCatalog.All.Select(c => c.Id))}", 2);
        if (ExportFormats.ForFileName(target) is not { } file)
            return await Refuse(errors, $"{target}: the ending tells the format: {string.Join(", ", ExportFormats.All.Select(f => f.Extension))}", 2);

        var query = new Dictionary<string, StringValues> { ["f"] = file.Format.Code() };
        for (var i = 2; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i] == "--f")
                return await Refuse(errors, $"'{args[i]}' is not an option; options are --name value (the parameters of /items)", 2);
            var name = args[i][2..];
            query[name] = query.TryGetValue(name, out var earlier) ? StringValues.Concat(earlier, args[i + 1]) : args[i + 1];
        }
        var parameters = new QueryCollection(query);
        if (ItemsRequest.TryParse(collection, parameters, out var items) is { } bad) return await Refuse(errors, bad);
        try
        {
            ItemsSql.Build(items, new SqlParameters(), countMatched: true);
        }
        catch (CqlException e)
        {
            return await Refuse(errors, new ParameterError("filter", e.Message));
        }
        if (ExportRequest.TryParse(items, parameters, out var export) is { } badExport) return await Refuse(errors, badExport);

        await using var dataSource = DatabaseSetup.CreateDataSource(DatabaseSetup.ResolveConnectionString(configuration), DatabaseWork.Exports);
        var exporter = new Exporter(dataSource, ExportOptions.From(configuration), DatabaseWorkOptions.From(configuration).Exports.Deadline);
        try
        {
            var (made, refusal) = await exporter.RunAsync(export, cancellationToken);
            if (made is null) return await Refuse(errors, refusal!.Detail, 1);
            using (made)
            {
                File.Move(made.Path, target, overwrite: true);
                if (made.Warnings.Length > 0) await errors.WriteLineAsync($"spatial export: GDAL warned: {made.Warnings}");
                await output.WriteLineAsync($"{made.Features} feature(s) of {collection.Id} written to {target} ({file.Title}, {made.Crs.Uri}).");
            }
            return 0;
        }
        catch (Exception e) when (e is ExportConversionException or ExportDeadlineException)
        {
            return await Refuse(errors, e.Message, 1);
        }
    }

    /// <summary>The API's words for a parameter, with the option's spelling.</summary>
    private static Task<int> Refuse(TextWriter errors, ParameterError error) => Refuse(errors, $"--{error.Parameter}: {error.Reason}", 2);

    private static async Task<int> Refuse(TextWriter errors, string message, int exit)
    {
        await errors.WriteLineAsync($"spatial export: {message}");
        return exit;
    }
}

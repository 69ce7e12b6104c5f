using System.Globalization;
using Microsoft.Extensions.Configuration;
using Spatial.Api.Data;
using Spatial.Api.Features.Footprints;
using Spatial.Api.Features.Vocabulary;
using Spatial.Api.Http;

namespace Spatial.Cli;

/// <summary><c>spatial check FILE</c>: the footprint check of a file, printed for a land officer; the exit code is the verdict.</summary>
public static class FootprintCommand
{
    public const int Pass = 0, Warn = 1, Fail = 2, Unreadable = 3;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            await errors.WriteLineAsync("usage: spatial check FILE [--crs URI] [--tolerance M2] [--sector S]");
            return Unreadable;
        }
        var path = args[0];
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (ParameterChecks.Crs("--crs", Option("--crs"), out var crs) is { } badCrs) return await Refuse(errors, badCrs);
        if (ParameterChecks.Tolerance("--tolerance", Option("--tolerance"), out var tolerance) is { } badTolerance) return await Refuse(errors, badTolerance);
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".txt" => "txt",
            ".geojson" or ".json" => "geojson",
            ".wkt" => "wkt",
            var other => null,
        };
        if (format is null) return await Refuse(errors, $"{path}: the extension tells the format: .txt, .geojson, .json or .wkt");
        if (!File.Exists(path)) return await Refuse(errors, $"{path}: no such file");
        var (submission, rejection) = FootprintInput.Read(format, await File.ReadAllBytesAsync(path), crs, FootprintLimits.From(configuration));
        if (rejection is not null) return await Refuse(errors, $"{path}: {rejection.Detail}");

        await using var dataSource = DatabaseSetup.CreateDataSource(DatabaseSetup.ResolveConnectionString(configuration), DatabaseWork.FootprintChecks);
        var sector = Option("--sector");
        if (await Vocabularies.CheckAsync(dataSource, CodeList.Sectors, "--sector", sector, CancellationToken.None) is { } badSector)
            return await Refuse(errors, badSector);
        var options = new CheckOptions(Sector: sector, IncludeGeometry: false);
        if (tolerance is { } m2) options = options with { ToleranceM2 = m2 };
        var report = await FootprintCheck.RunAsync(dataSource, submission!, options, CancellationToken.None);
        await Print(report, output);
        return report.Verdict switch { Verdict.Pass => Pass, Verdict.Warn => Warn, _ => Fail };
    }

    private static Task<int> Refuse(TextWriter errors, ParameterError error) => Refuse(errors, $"{error.Parameter}: {error.Reason}");

    private static async Task<int> Refuse(TextWriter errors, string message)
    {
        await errors.WriteLineAsync($"spatial check: {message}");
        return Unreadable;
    }

    private static async Task Print(FootprintReport report, TextWriter o)
    {
        string N(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        await o.WriteLineAsync($"结论 verdict: {report.Verdict.Code().ToUpperInvariant()}  ({report.ParcelCount} parcel(s), {report.Format}{(report.Encoding is null ? "" : ", " + report.Encoding)})");
        foreach (var p in report.Parcels)
        {
            await o.WriteLineAsync($"{p.Label}: {p.Verdict.Code()}");
            await o.WriteLineAsync($"  平面面积 plane (zone {p.GaussKrugerZone.Zone}): {N(p.PlaneArea.SquareMetres, "0.00")} m² = {N(p.PlaneArea.Hectares, "0.0000")} ha = {N(p.PlaneArea.Mu, "0.00")} 亩");
            await o.WriteLineAsync($"  椭球面积 ellipsoidal:      {N(p.EllipsoidalArea.SquareMetres, "0.00")} m² = {N(p.EllipsoidalArea.Hectares, "0.0000")} ha = {N(p.EllipsoidalArea.Mu, "0.00")} 亩");
            if (p.DeclaredArea is { } d) await o.WriteLineAsync($"  申报面积 declared: {N(d.Hectares, "0.0000")} ha (difference {N(d.DifferenceM2, "0.00")} m²)");
            await o.WriteLineAsync($"  县（市）区 counties: {string.Join("; ", p.Counties.Select(c => $"{c.NameZh} {N(c.ShareOfParcel * 100, "0.##")}%"))}");
            if (p.Parks.Count > 0) await o.WriteLineAsync($"  园区 parks: {string.Join("; ", p.Parks.Select(k => $"{k.NameZh} {N(k.ShareOfParcel * 100, "0.##")}%"))}");
            foreach (var r in p.Reasons) await o.WriteLineAsync($"  [{r.Severity.Code()}] {r.Code}: {r.MessageZh} / {r.MessageEn}");
        }
    }
}

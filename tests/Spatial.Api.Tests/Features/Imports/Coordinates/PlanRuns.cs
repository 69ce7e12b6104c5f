using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports.Coordinates;

/// <summary>
/// Runs a <see cref="CoordinatePlan"/> as an import would, with the real tools: points (x as the file stores it
/// first) through ogr2ogr with the plan's arguments, to GeoJSON or into a PostGIS staging table; and PROJ's own
/// <c>cs2cs</c> for the expected values.
/// </summary>
public static class PlanRuns
{
    public static CoordinatePlan Planned(CoordinateParameters parameters, DeclaredCrs declared)
    {
        var resolution = CoordinatePlans.Resolve(parameters, declared);
        Assert.True(resolution.Planned, resolution.Error?.ToString());
        return resolution.Plan;
    }

    /// <summary>The points after ogr2ogr with the plan's arguments, GeoJSON out (x = longitude).</summary>
    public static async Task<(double X, double Y)[]> ThroughOgr2OgrAsync(CoordinatePlan plan, params (double X, double Y)[] points)
    {
        var folder = Directory.CreateTempSubdirectory("spatial-datums-");
        try
        {
            var input = WriteGeoJson(folder.FullName, points);
            var output = Path.Combine(folder.FullName, "out.geojson");
            await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "-lco", "COORDINATE_PRECISION=12", output, input, .. plan.Ogr2OgrArguments]);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            return json.RootElement.GetProperty("features").EnumerateArray()
                .OrderBy(f => f.GetProperty("properties").GetProperty("n").GetInt32())
                .Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
                .Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToArray();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>ogr2ogr into the staging <paramref name="table"/> of <paramref name="database"/>, then the plan's adjustment.</summary>
    public static async Task StageAsync(TestDatabase database, string table, CoordinatePlan plan, params (double X, double Y)[] points)
    {
        var folder = Directory.CreateTempSubdirectory("spatial-datums-");
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var pg = $"PG:host={csb.Host} port={csb.Port} dbname={csb.Database} user={csb.Username} password={csb.Password}";
            await ExternalTool.RunAsync("ogr2ogr", ["-f", "PostgreSQL", pg, WriteGeoJson(folder.FullName, points), "-nln", table, "-lco", "GEOMETRY_NAME=geom", .. plan.Ogr2OgrArguments]);
            await using var connection = await database.DataSource.OpenConnectionAsync();
            await plan.AdjustStagedAsync(connection, table, "geom", CancellationToken.None);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>PROJ's cs2cs from <paramref name="from"/> to <paramref name="to"/> (each a PROJ string or EPSG code, in that CRS's axis order).</summary>
    public static async Task<(double A, double B)[]> Cs2csAsync(string from, string to, params (double A, double B)[] points)
    {
        var start = new ProcessStartInfo(Machine.Tool("cs2cs", "proj-bin"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("%.12f");
        foreach (var argument in from.Split(' ').Append("+to").Concat(to.Split(' '))) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cs2cs did not start");
        foreach (var (a, b) in points)
            await process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{a:R} {b:R}"));
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && !output.Contains('*', StringComparison.Ordinal), $"cs2cs {from} +to {to}: {errors}{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t', ' '))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture))).ToArray();
    }

    /// <summary>How far apart two lon/lat points are on the ground, in metres (local sphere; exact enough below a kilometre).</summary>
    public static double Metres((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        const double metresPerDegree = 6_371_000 * Math.PI / 180;
        var dx = (a.Lon - b.Lon) * metresPerDegree * Math.Cos(a.Lat * Math.PI / 180);
        var dy = (a.Lat - b.Lat) * metresPerDegree;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static string WriteGeoJson(string folder, (double X, double Y)[] points)
    {
        var json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (var i = 0; i < points.Length; i++)
            json.Append(CultureInfo.InvariantCulture,
                $"{(i > 0 ? "," : "")}{{\"type\":\"Feature\",\"properties\":{{\"n\":{i}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{points[i].X:R},{points[i].Y:R}]}}}}");
        json.Append("]}");
        var path = Path.Combine(folder, "in.geojson");
        File.WriteAllText(path, json.ToString());
        return path;
    }
}

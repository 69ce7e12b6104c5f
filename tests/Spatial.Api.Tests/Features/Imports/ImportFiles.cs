using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>A project of a generated file: its id, source_ref and name, and its outline as a ring in the file's CRS.</summary>
public sealed record GeneratedProject(string Id, string SourceRef, string Name, double[][] Ring);

/// <summary>
/// Test files made here and by GDAL itself (ogr2ogr from a GeoJSON written here), never by the code under test:
/// small squares of projects near 131.00°E 45.32°N (in 鸡西), with every required property.
/// </summary>
internal static class ImportFiles
{
    public const double Lon = 131.0;
    public const double Lat = 45.32;

    public static string Scratch()
    {
        var directory = Path.Combine(Path.GetTempPath(), "spatial-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary><paramref name="count"/> squares of 20 m in a grid, in lon/lat (<paramref name="plane"/> null) or a plane (origin easting, northing; metres).</summary>
    public static List<GeneratedProject> Projects(string tag, int count, (double Easting, double Northing)? plane = null)
    {
        var projects = new List<GeneratedProject>();
        for (var i = 0; i < count; i++)
        {
            var (col, row) = (i % 40, i / 40);
            double[][] ring;
            if (plane is { } origin)
            {
                var (x, y) = (origin.Easting + col * 40.0, origin.Northing + row * 40.0);
                ring = [[x, y], [x + 20, y], [x + 20, y + 20], [x, y + 20], [x, y]];
            }
            else
            {
                var (x, y) = (Lon + col * 0.0005, Lat + row * 0.0004);
                ring = [[x, y], [x + 0.00025, y], [x + 0.00025, y + 0.0002], [x, y + 0.0002], [x, y]];
            }
            projects.Add(new GeneratedProject($"{tag}-{i + 1}", $"导入测试 {tag} #{i + 1}", $"测试项目{tag}{i + 1}", ring));
        }
        return projects;
    }

    public static JsonObject Properties(GeneratedProject project) => new()
    {
        ["id"] = project.Id,
        ["name_zh"] = project.Name,
        ["name_en"] = "Import test " + project.Id,
        ["sector"] = "bio_energy",
        ["summary_zh"] = "导入测试",
        ["status"] = "planned",
        ["scope"] = "site",
        ["plan"] = "jixi-2022",
        ["source_ref"] = project.SourceRef,
        ["geometry_source"] = "surveyed",
    };

    public static string GeoJson(IEnumerable<GeneratedProject> projects, Func<GeneratedProject, JsonObject>? properties = null) => new JsonObject
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(projects.Select(p => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = (properties ?? Properties)(p),
            ["geometry"] = new JsonObject
            {
                ["type"] = "Polygon",
                ["coordinates"] = new JsonArray(new JsonArray(p.Ring.Select(c => (JsonNode)new JsonArray(c[0], c[1])).ToArray())),
            },
        }).ToArray()),
    }.ToJsonString();

    /// <summary>A file GDAL writes from a GeoJSON: <c>ogr2ogr -f DRIVER out in.geojson</c> with the given options.</summary>
    public static async Task<string> ConvertAsync(string geoJson, string driver, string fileName, params string[] options)
    {
        var directory = Scratch();
        var input = Path.Combine(directory, "in.geojson");
        await File.WriteAllTextAsync(input, geoJson, new UTF8Encoding(false));
        var output = Path.Combine(directory, fileName);
        await ExternalTool.RunAsync("ogr2ogr", ["-f", driver, output, input, .. options]);
        return output;
    }

    /// <summary>A zipped Shapefile of the files beside <paramref name="shp"/> with its name (leaving out the extensions in <paramref name="without"/>).</summary>
    public static byte[] Zip(string shp, params string[] without)
    {
        var name = Path.GetFileNameWithoutExtension(shp);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(shp)!, name + ".*"))
                if (!without.Contains(Path.GetExtension(file).ToLowerInvariant()))
                    zip.CreateEntryFromFile(file, Path.GetFileName(file));
        return buffer.ToArray();
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

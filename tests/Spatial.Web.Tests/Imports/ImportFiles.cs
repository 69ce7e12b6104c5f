using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests.Imports;

/// <summary>A project of a test file: id, name and its square (lon/lat), or its ring when the test bends it.</summary>
public sealed record FileProject(string Id, string Name, double[][] Ring, string Sector = "bio_energy");

/// <summary>
/// Files the import tests send, written here (GeoJSON) or by GDAL itself (the Shapefile), never by the code under
/// test: squares of 0.002° × 0.0015° in a row along 45.3x°N in 鸡西, each with every property a project needs.
/// </summary>
internal static class ImportFiles
{
    public const double West = 131.0;

    /// <summary>The latitude of a test's row; each test has its own, so no two tests' squares touch.</summary>
    public static double South(int row) => 45.30 + 0.01 * row;

    public static List<FileProject> Row(string tag, int row, int count) =>
        Enumerable.Range(1, count).Select(i =>
        {
            var (x, y) = (West + 0.003 * (i - 1), South(row));
            return new FileProject($"{tag}-{i}", $"导入测试{tag}第{i}号", [[x, y], [x + 0.002, y], [x + 0.002, y + 0.0015], [x, y + 0.0015], [x, y]]);
        }).ToList();

    /// <summary>The same square as a bow-tie: its ring crosses itself at the square's centre.</summary>
    public static FileProject BowTie(FileProject project)
    {
        var (x, y) = (project.Ring[0][0], project.Ring[0][1]);
        return project with { Ring = [[x, y], [x + 0.002, y + 0.0015], [x + 0.002, y], [x, y + 0.0015], [x, y]] };
    }

    /// <summary>The map centred on a test's row at zoom 15, the projects layer over the counties.</summary>
    public static string ViewOf(int row, int count) => string.Create(CultureInfo.InvariantCulture,
        $"/#z=15&lat={South(row) + 0.00075:0.00000}&lon={West + 0.0015 * (count - 1) + 0.001:0.00000}&layers=counties,projects");

    public static string GeoJson(IEnumerable<FileProject> projects) => new JsonObject
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(projects.Select(p => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = new JsonObject
            {
                ["id"] = p.Id, ["name_zh"] = p.Name, ["name_en"] = "Import test " + p.Id, ["sector"] = p.Sector, ["summary_zh"] = "导入测试",
                ["status"] = "planned", ["scope"] = "site", ["plan"] = "jixi-2022", ["source_ref"] = "web import test " + p.Id,
                ["geometry_source"] = "surveyed",
            },
            ["geometry"] = new JsonObject
            {
                ["type"] = "Polygon",
                ["coordinates"] = new JsonArray(new JsonArray(p.Ring.Select(c => (JsonNode)new JsonArray(c[0], c[1])).ToArray())),
            },
        }).ToArray()),
    }.ToJsonString();

    public static string Scratch()
    {
        var directory = Path.Combine(Path.GetTempPath(), "spatial-web-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string WriteGeoJson(IEnumerable<FileProject> projects, string name = "projects.geojson")
    {
        var path = Path.Combine(Scratch(), name);
        File.WriteAllText(path, GeoJson(projects));
        return path;
    }

    /// <summary>
    /// A zipped Shapefile that ogr2ogr writes from the GeoJSON, its rings declared in <paramref name="srs"/>: field names
    /// are cut to 10 bytes, so <c>geometry_source</c> arrives as <c>geometry_s</c>.
    /// </summary>
    public static async Task<string> WriteShapefileZipAsync(IEnumerable<FileProject> projects, string srs = "EPSG:4490")
    {
        var directory = Scratch();
        var geojson = Path.Combine(directory, "in.geojson");
        await File.WriteAllTextAsync(geojson, GeoJson(projects));
        var shp = Path.Combine(directory, "shp");
        Directory.CreateDirectory(shp);
        await Gdal.RunAsync("ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", srs, "-lco", "ENCODING=UTF-8", Path.Combine(shp, "projects.shp"), geojson);
        var zip = Path.Combine(directory, "projects.zip");
        ZipFile.CreateFromDirectory(shp, zip);
        return zip;
    }
}

/// <summary>GDAL's own programs (Debian gdal-bin) as independent writers and readers of files.</summary>
internal static class Gdal
{
    public static Task<string> RunAsync(string tool, params string[] arguments) => DebianTool.RunAsync(tool, "gdal-bin", arguments);
}

using System.IO.Compression;
using System.Net;
using System.Text;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>/items?f=shp: the zip, its .cpg and .prj, the short field names and their mapping file, GBK bytes.</summary>
[Collection(ApiTests.Name)]
public sealed class ShapefileExportTests(ApiFixture api)
{
    static ShapefileExportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Dictionary<string, byte[]> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var entries = new Dictionary<string, byte[]>();
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            entries[entry.FullName] = bytes.ToArray();
        }
        return entries;
    }

    /// <summary>fields.csv's rows (after the header): shapefile field, property, title, type.</summary>
    private static List<string[]> Mapping(byte[] csv) =>
        Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',')).ToList();

    [Fact]
    public async Task A_shapefile_zip_has_its_parts_and_a_field_mapping_that_names_every_dbf_field_and_the_property_it_holds()
    {
        using var downloads = new Downloads();
        var (response, zip) = await api.Client.DownloadAsync("/collections/projects/items?f=shp", downloads, "projects.shp.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"projects.shp.zip\"; filename*=UTF-8''projects.shp.zip", response.Content.Headers.ContentDisposition?.ToString());
        var entries = Entries(zip);
        Assert.Equal(["fields.csv", "projects.cpg", "projects.dbf", "projects.prj", "projects.shp", "projects.shx"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("UTF-8", Encoding.ASCII.GetString(entries["projects.cpg"]));

        var mapping = Mapping(entries["fields.csv"]);
        var schema = (await api.Client.GetOkJsonAsync("/collections/projects/schema")).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["id", .. schema], mapping.Select(m => m[1]));
        Assert.All(mapping, m => Assert.InRange(Encoding.UTF8.GetByteCount(m[0]), 1, 10));
        Assert.Equal(mapping.Count, mapping.Select(m => m[0]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(["invest_cny", "investment_cny", "投资（元） Investment (CNY)", "Real"], mapping);

        // GDAL's view of the .dbf: the same fields in the same order, and the values of the properties they map.
        var summary = await ExportCalls.SummaryAsync("/vsizip/" + zip + "/projects.shp");
        var dbfFields = summary.Split('\n').Where(l => mapping.Any(m => l.StartsWith(m[0] + ": ", StringComparison.Ordinal))).Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(mapping.Select(m => m[0]), dbfFields);
        var field = mapping.ToDictionary(m => m[1], m => m[0]);
        var features = (await ExportCalls.ReadWithGdalAsync("/vsizip/" + zip + "/projects.shp")).ToDictionary(f => f.Id);
        var truth = await api.Database.RowsAsync("""
            SELECT p.id, p.name_zh, p.investment_cny::float8, p.building_area_m2::float8, c.name_zh, p.geometry_source, to_json(p.created_at) #>> '{}'
            FROM projects p LEFT JOIN counties c ON c.code = p.county_code ORDER BY p.id
            """, r => (Id: r.GetString(0), Name: r.GetString(1), Investment: r.IsDBNull(2) ? (double?)null : r.GetDouble(2),
                Building: r.IsDBNull(3) ? (double?)null : r.GetDouble(3), County: r.IsDBNull(4) ? null : r.GetString(4), Source: r.IsDBNull(5) ? null : r.GetString(5),
                Created: r.GetString(6)));
        Assert.Equal(truth.Select(t => t.Id), features.Keys.Order(StringComparer.Ordinal));
        foreach (var t in truth)
        {
            var f = features[t.Id];
            Assert.Equal(t.Name, f.Text(field["name_zh"]));
            Assert.Equal(t.Investment, f.Number(field["investment_cny"]));
            Assert.Equal(t.Building is { } b ? Math.Round(b, 2) : null, f.Number(field["building_area_m2"]));
            Assert.Equal(t.County, f.Text(field["county_name_zh"]));
            Assert.Equal(t.Source, f.Text(field["geometry_source"]));
            // dBase has no date-time: the instant is PostgreSQL's ISO 8601 text, to the microsecond.
            Assert.Equal(t.Created, f.Text(field["created_at"]));
        }
        var (farthest, matched) = await api.Database.FarthestFromDatabaseAsync("projects", 4490, features.Values);
        Assert.Equal(await api.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE geom IS NOT NULL"), matched);
        Assert.InRange(farthest, 0, 1e-9);
    }

    [Fact]
    public async Task A_gbk_shapefile_has_gbk_bytes_in_its_dbf_and_says_so_in_its_cpg_and_its_language_driver()
    {
        using var downloads = new Downloads();
        var (response, zip) = await api.Client.DownloadAsync("/collections/projects/items?f=shp&encoding=GBK", downloads, "gbk.shp.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = Entries(zip);
        Assert.Equal("936", Encoding.ASCII.GetString(entries["projects.cpg"]));
        var dbf = entries["projects.dbf"];
        Assert.Equal(0x7A, dbf[29]);
        var gbk = Encoding.GetEncoding("GBK");
        var names = await api.Database.IdsAsync("SELECT name_zh FROM projects ORDER BY id");
        foreach (var name in names)
        {
            Assert.True(dbf.AsSpan().IndexOf(gbk.GetBytes(name)) >= 0, $"{name} is not in the .dbf as GBK bytes");
            Assert.True(dbf.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) < 0, $"{name} is in the .dbf as UTF-8");
        }

        // GDAL follows the .cpg: every name reads back as stored; a note with m² (not in GBK) reads m2, cut to dBase's 254 bytes.
        var features = (await ExportCalls.ReadWithGdalAsync("/vsizip/" + zip + "/projects.shp")).ToDictionary(f => f.Id);
        var notes = await api.Database.RowsAsync("SELECT id, name_zh, location_note FROM projects WHERE location_note LIKE '%²%' ORDER BY id",
            r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.NotEmpty(notes);
        foreach (var (id, name, note) in notes)
        {
            Assert.Equal(name, features[id].Text("name_zh"));
            var expected = note.Replace('²', '2');
            while (gbk.GetByteCount(expected) > 254) expected = expected[..^1];
            Assert.Equal(expected, features[id].Text("locat_note"));
        }
    }

    [Fact]
    public async Task The_prj_of_a_shapefile_in_a_gauss_kruger_crs_is_that_zone_and_the_coordinates_are_postgis_own()
    {
        using var downloads = new Downloads();
        var (response, zip) = await api.Client.DownloadAsync("/collections/enterprises/items?f=shp&crs=EPSG:4532", downloads, "enterprises.shp.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4532>", response.ContentCrs());
        var prj = Encoding.ASCII.GetString(Entries(zip)["enterprises.prj"]);
        Assert.Contains("GK_Zone_44", prj, StringComparison.Ordinal);
        Assert.Contains("PARAMETER[\"False_Easting\",44500000.0]", prj, StringComparison.Ordinal);
        var features = await ExportCalls.ReadWithGdalAsync("/vsizip/" + zip + "/enterprises.shp");
        var (farthest, matched) = await api.Database.FarthestFromDatabaseAsync("enterprises", 4532, features);
        Assert.Equal(22, matched);
        Assert.InRange(farthest, 0, 1e-4);
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>DXF survey drawings, KML/KMZ and Excel workbooks, each written here or by GDAL.</summary>
public sealed class DrawingImportTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    private static readonly string[] DrawingFields = ["EntityHandle", "Layer", "Text"];

    private async Task<(double E, double N)> OriginAsync(int srid) => (await fixture.Database.RowsAsync(
        $"SELECT round(ST_X(p)::numeric, 3)::float8, round(ST_Y(p)::numeric, 3)::float8 FROM ST_Transform(ST_SetSRID(ST_MakePoint({ImportFiles.Lon}, {ImportFiles.Lat}), 4490), {srid}) p",
        r => (r.GetDouble(0), r.GetDouble(1)))).Single();

    /// <summary>A CASS-like drawing, byte by byte: the GBK code page in its header, two closed LWPOLYLINEs on their layers, a TEXT inside the first.</summary>
    private static byte[] Drawing((double E, double N) o)
    {
        static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        string Polyline(string layer, double x, double y) =>
            $"0\nLWPOLYLINE\n8\n{layer}\n90\n4\n70\n1\n10\n{F(x)}\n20\n{F(y)}\n10\n{F(x + 30)}\n20\n{F(y)}\n10\n{F(x + 30)}\n20\n{F(y + 20)}\n10\n{F(x)}\n20\n{F(y + 20)}\n";
        var text = "0\nSECTION\n2\nHEADER\n9\n$DWGCODEPAGE\n3\nANSI_936\n0\nENDSEC\n0\nSECTION\n2\nENTITIES\n" +
                   Polyline("一号地块", o.E, o.N) + Polyline("二号地块", o.E + 100, o.N) +
                   $"0\nTEXT\n8\n注记\n10\n{F(o.E + 10)}\n20\n{F(o.N + 10)}\n40\n2.5\n1\n兴凯湖养殖场\n" +
                   $"0\nLINE\n8\n道路\n10\n{F(o.E)}\n20\n{F(o.N - 50)}\n11\n{F(o.E + 200)}\n21\n{F(o.N - 50)}\n0\nENDSEC\n0\nEOF\n";
        return Spatial.Geo.TextDecoding.Gb18030.GetBytes(text);
    }

    [Fact]
    public async Task A_dxf_with_closed_polylines_becomes_their_polygons_named_by_the_text_inside_or_else_the_layer()
    {
        var origin = await OriginAsync(4553);
        var drawing = Drawing(origin);

        var answer = await fixture.Client.ImportAsync("projects", Officer, drawing, "image/vnd.dxf", "crs=4553&dry_run=true");

        Assert.True(answer.Code == 422, answer.ToString()); // a drawing has outlines and names, not a project's other properties
        Assert.Equal("dxf", answer.Json.GetProperty("format").GetString());
        var features = answer.Features();
        Assert.Equal(2, features.Count);
        Assert.Equal(["兴凯湖养殖场", "二号地块"], features.Select(f => f.GetProperty("name").GetString()));
        Assert.All(features, f => Assert.DoesNotContain(f.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("field").GetString() is "geometry" or "name_zh"));
        Assert.Equal(DrawingFields, answer.Json.GetProperty("unknown_fields").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));

        var missing = await fixture.Client.ImportAsync("projects", Officer, drawing, "image/vnd.dxf", "dry_run=true");
        AssertProblem(missing, 400);
        Assert.Equal("crs", missing.Json.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_dxf_updates_the_projects_its_layers_name_with_outlines_where_postgis_puts_the_corners_and_names_from_the_text()
    {
        await fixture.Database.CopyAsync("projects", "一号地块");
        await fixture.Database.CopyAsync("projects", "二号地块");
        var origin = await OriginAsync(4553);
        var mapping = "mapping=" + Uri.EscapeDataString("""{"Layer":"id"}""");

        var answer = await fixture.Client.ImportAsync("projects", Officer, Drawing(origin), "image/vnd.dxf", "crs=4553&" + mapping);

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal(2, answer.Count("updated"));
        Assert.Equal("兴凯湖养殖场", await fixture.Database.TextAsync("projects", "一号地块", "name_zh"));
        Assert.Equal("二号地块", await fixture.Database.TextAsync("projects", "二号地块", "name_zh"));
        string Square(double x) => string.Create(CultureInfo.InvariantCulture,
            $"POLYGON(({x} {origin.N},{x + 30} {origin.N},{x + 30} {origin.N + 20},{x} {origin.N + 20},{x} {origin.N}))");
        foreach (var (id, x) in new[] { ("一号地块", origin.E), ("二号地块", origin.E + 100) })
        {
            var distance = await fixture.Database.ScalarAsync<double>(
                "SELECT ST_HausdorffDistance(ST_Transform(geom, 4553), ST_GeomFromText($2, 4553)) FROM projects WHERE id = $1", id, Square(x));
            Assert.InRange(distance, 0, 0.001);
        }
    }

    [Fact]
    public async Task A_kml_and_a_kmz_written_by_gdal_import_their_placemarks_in_crs84()
    {
        var projects = ImportFiles.Projects("kml", 2);
        var kml = await ImportFiles.ConvertAsync(ImportFiles.GeoJson(projects), "LIBKML", "p.kml");

        var fromKml = await fixture.Client.ImportAsync("projects", Officer, await File.ReadAllBytesAsync(kml), "application/vnd.google-earth.kml+xml", "dry_run=true");
        Assert.True(fromKml.Code == 200, fromKml.ToString());
        Assert.Equal(["kml-1", "kml-2"], fromKml.Features().Select(f => f.GetProperty("id").GetString()));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            zip.CreateEntryFromFile(kml, "doc.kml");
        var fromKmz = await fixture.Client.ImportAsync("projects", Officer, buffer.ToArray(), "application/vnd.google-earth.kmz");
        Assert.True(fromKmz.Code == 201, fromKmz.ToString());
        Assert.Equal("kmz", fromKmz.Json.GetProperty("format").GetString());
        Assert.True(await fixture.Database.ScalarAsync<bool>(
            "SELECT ST_Equals(ST_SnapToGrid(geom, 1e-7), ST_SnapToGrid(ST_Multi(ST_GeomFromText($2, 4490)), 1e-7)) FROM projects WHERE id = 'kml-2'",
            "kml-2", $"POLYGON(({string.Join(",", projects[1].Ring.Select(c => $"{ImportFiles.Number(c[0])} {ImportFiles.Number(c[1])}"))}))"));
    }

    [Fact]
    public async Task An_xlsx_workbook_with_longitude_and_latitude_columns_becomes_points()
    {
        var rows = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(Enumerable.Range(1, 2).Select(i => (JsonNode)new JsonObject
            {
                ["type"] = "Feature", ["geometry"] = null,
                ["properties"] = new JsonObject
                {
                    ["id"] = $"xlsx-{i}", ["name_zh"] = $"表格企业{i}", ["name_en"] = $"Sheet firm {i}", ["sector"] = "bio_energy", ["plan"] = "jixi-2022",
                    ["source_ref"] = $"导入测试 xlsx {i}", ["geometry_source"] = "surveyed", ["经度"] = 131.001 + i * 0.001, ["纬度"] = 45.321,
                },
            }).ToArray()),
        }.ToJsonString();
        var xlsx = await ImportFiles.ConvertAsync(rows, "XLSX", "企业.xlsx", "-nln", "企业");

        var answer = await fixture.Client.ImportAsync("enterprises", Officer, await File.ReadAllBytesAsync(xlsx),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal("xlsx", answer.Json.GetProperty("format").GetString());
        var x = await fixture.Database.ScalarAsync<double>("SELECT ST_X(geom) FROM enterprises WHERE id = 'xlsx-2'");
        Assert.Equal(131.003, x, 9);
        Assert.Equal("表格企业2", await fixture.Database.TextAsync("enterprises", "xlsx-2", "name_zh"));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>Zipped Shapefiles written by GDAL: Gauss–Krüger coordinates, field names cut to 10 bytes, GBK without a .cpg; and a GeoPackage.</summary>
public sealed class ShapefileImportTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    // A Shapefile's field names have at most 10 bytes: geometry_source is written as geometry_s.
    private static readonly string Mapping = "mapping=" + Uri.EscapeDataString("""{"geometry_s":"geometry_source"}""");

    private async Task<(double Easting, double Northing)> PlaneOriginAsync(int srid) =>
        (await fixture.Database.RowsAsync($"SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint({ImportFiles.Lon}, {ImportFiles.Lat}), 4490), {srid}) p",
            r => (r.GetDouble(0), r.GetDouble(1)))).Single();

    private static string Wkt(GeneratedProject p) =>
        $"POLYGON(({string.Join(",", p.Ring.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c[0]:R} {c[1]:R}")))}))";

    [Fact]
    public async Task A_thousand_feature_shapefile_in_gauss_krueger_zone_44_lands_within_a_centimetre_of_postgis_own_transform()
    {
        var projects = ImportFiles.Projects("shp-gk", 1000, await PlaneOriginAsync(4532));
        var shp = await ImportFiles.ConvertAsync(ImportFiles.GeoJson(projects), "ESRI Shapefile", "gk.shp", "-a_srs", "EPSG:4532", "-lco", "ENCODING=UTF-8");

        var answer = await fixture.Client.ImportAsync("projects", Officer, ImportFiles.Zip(shp), "application/zip", Mapping);

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal((1000, 1000), (answer.Count("total"), answer.Count("created")));
        Assert.Equal("shapefile", answer.Json.GetProperty("format").GetString());
        var worst = await fixture.Database.ScalarAsync<double>("""
            SELECT max(ST_HausdorffDistance(ST_Transform(t.geom, 4532), ST_Transform(ST_Transform(ST_GeomFromText(e.wkt, 4532), 4490), 4532)))
            FROM unnest($1::text[], $2::text[]) e(id, wkt) JOIN projects t ON t.id = e.id
            """, projects.Select(p => p.Id).ToArray(), projects.Select(Wkt).ToArray());
        Assert.InRange(worst, 0, 0.01);
        Assert.Equal(1000L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id LIKE 'shp-gk-%'"));
    }

    [Fact]
    public async Task A_gbk_shapefile_without_cpg_keeps_its_chinese_names_and_the_report_says_gbk_was_guessed()
    {
        var projects = ImportFiles.Projects("shp-gbk", 3);
        var shp = await ImportFiles.ConvertAsync(ImportFiles.GeoJson(projects), "ESRI Shapefile", "gbk.shp", "-lco", "ENCODING=CP936");
        // No .cpg, and no language driver id in the .dbf header (byte 29): nothing in the file says GBK.
        var dbf = Path.ChangeExtension(shp, ".dbf");
        var bytes = await File.ReadAllBytesAsync(dbf);
        bytes[29] = 0;
        await File.WriteAllBytesAsync(dbf, bytes);
        Assert.Contains(bytes, b => b >= 0x80);

        var answer = await fixture.Client.ImportAsync("projects", Officer, ImportFiles.Zip(shp, ".cpg"), "application/zip", Mapping);

        Assert.True(answer.Code == 201, answer.ToString());
        var encoding = answer.Json.GetProperty("encoding");
        Assert.Equal("GBK", encoding.GetProperty("used").GetString());
        Assert.True(encoding.GetProperty("guessed").GetBoolean());
        Assert.Contains("not valid UTF-8", encoding.GetProperty("why").GetString());
        foreach (var project in projects)
        {
            Assert.Equal(project.Name, await fixture.Database.TextAsync("projects", project.Id, "name_zh"));
            Assert.Equal(project.SourceRef, await fixture.Database.TextAsync("projects", project.Id, "source_ref"));
        }
    }

    [Fact]
    public async Task A_utf8_shapefile_without_cpg_is_read_as_utf8_and_says_it_guessed()
    {
        var projects = ImportFiles.Projects("shp-utf8", 2);
        var shp = await ImportFiles.ConvertAsync(ImportFiles.GeoJson(projects), "ESRI Shapefile", "utf8.shp", "-lco", "ENCODING=UTF-8");

        var answer = await fixture.Client.ImportAsync("projects", Officer, ImportFiles.Zip(shp, ".cpg"), "application/zip", Mapping + "&dry_run=true");

        Assert.True(answer.Code == 200, answer.ToString());
        Assert.Equal("UTF-8", answer.Json.GetProperty("encoding").GetProperty("used").GetString());
        Assert.True(answer.Json.GetProperty("encoding").GetProperty("guessed").GetBoolean());
        Assert.Equal(projects[0].Name, answer.Features()[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_geopackage_layer_is_imported_and_with_two_layers_the_layer_parameter_chooses()
    {
        var first = ImportFiles.Projects("gpkg-a", 2);
        var second = ImportFiles.Projects("gpkg-b", 3);
        var gpkg = await ImportFiles.ConvertAsync(ImportFiles.GeoJson(first), "GPKG", "two.gpkg", "-nln", "甲");
        var more = Path.Combine(Path.GetDirectoryName(gpkg)!, "more.geojson");
        await File.WriteAllTextAsync(more, ImportFiles.GeoJson(second));
        await ExternalTool.RunAsync("ogr2ogr", "-update", gpkg, more, "-nln", "乙");
        var file = await File.ReadAllBytesAsync(gpkg);

        var ambiguous = await fixture.Client.ImportAsync("projects", Officer, file, "application/geopackage+sqlite3");
        EditCalls.AssertProblem(ambiguous, 400);
        Assert.Equal("layer", ambiguous.Json.GetProperty("parameter").GetString());
        Assert.Contains("'甲' (2 features)", ambiguous.Detail);

        var answer = await fixture.Client.ImportAsync("projects", Officer, file, "application/geopackage+sqlite3", "layer=" + Uri.EscapeDataString("乙"));
        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal(["gpkg-b-1", "gpkg-b-2", "gpkg-b-3"], answer.Features().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(second[2].Name, await fixture.Database.TextAsync("projects", "gpkg-b-3", "name_zh"));
    }
}

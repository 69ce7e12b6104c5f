using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>GDAL's OAPIF driver (Debian gdal-bin) reads the service over a real socket.</summary>
[Collection(ApiTests.Name)]
public sealed class GdalClientTests(ApiFixture api)
{
    [Fact]
    public async Task Ogrinfo_reads_every_collection_with_its_attributes_and_feature_count()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        var listing = await ExternalTool.RunAsync("ogrinfo", "-ro", "-so", "OAPIF:" + server.Url);
        foreach (var id in new[] { "counties", "water-bodies", "rivers", "borders", "ecological-areas", "planting-zones", "industrial-parks", "projects", "enterprises" })
            Assert.Contains($": {id} (title:", listing, StringComparison.Ordinal);

        var projects = await ExternalTool.RunAsync("ogrinfo", "-ro", "-al", "-so", "OAPIF:" + server.Url, "projects");
        Assert.Contains("Feature Count: 65", projects, StringComparison.Ordinal);
        foreach (var field in new[] { "name_zh: String", "investment_cny: Real", "land_area_m2: Real", "area_mu: Real", "geometry_source: String", "county_code: String" })
            Assert.Contains(field, projects, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ogr2ogr_copy_to_geopackage_matches_the_database_row_for_row()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        var gpkg = Path.Combine(Path.GetTempPath(), $"spatial-{Guid.NewGuid():N}.gpkg");
        try
        {
            await ExternalTool.RunAsync("ogr2ogr", "-f", "GPKG", gpkg, "OAPIF:" + server.Url, "projects", "planting-zones",
                "-mapFieldType", "StringList=String");
            var truth = await api.Database.RowsAsync(
                "SELECT id, name_zh, investment_cny::float8, land_area_m2::float8, ST_Area(geom::geography) FROM projects ORDER BY id",
                r => (Id: r.GetString(0), Name: r.GetString(1), Investment: r.IsDBNull(2) ? (double?)null : r.GetDouble(2),
                      Land: r.IsDBNull(3) ? (double?)null : r.GetDouble(3), Area: r.IsDBNull(4) ? (double?)null : r.GetDouble(4)));
            // Read the GeoPackage back with GDAL itself.
            var json = await ExternalTool.RunAsync("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", gpkg, "projects");
            static double? Number(JsonElement p, string name) => p.GetProperty(name).ValueKind == JsonValueKind.Null ? null : p.GetProperty(name).GetDouble();
            var copied = JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties"))
                .Select(p => (Id: p.GetProperty("id").GetString()!, Name: p.GetProperty("name_zh").GetString()!, Investment: Number(p, "investment_cny"),
                              Land: Number(p, "land_area_m2"), Area: Number(p, "area_m2")))
                .OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

            Assert.Equal(truth.Select(t => (t.Id, t.Name)), copied.Select(c => (c.Id, c.Name)));
            for (var i = 0; i < truth.Count; i++)
            {
                Assert.Equal(truth[i].Investment, copied[i].Investment);
                Assert.Equal(truth[i].Land, copied[i].Land);
                if (truth[i].Area is { } area) Assert.Equal(area, copied[i].Area!.Value, 0.01);
            }
        }
        finally
        {
            File.Delete(gpkg);
        }
    }

    [Fact]
    public async Task Gdal_forwards_a_spatial_filter_as_bbox_and_gets_exactly_the_features_in_it()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        var output = await ExternalTool.RunAsync("ogrinfo", "-ro", "-al", "-q", "-spat", "131.5", "45.0", "133.2", "45.9",
            "-fields=YES", "-geom=NO", "OAPIF:" + server.Url, "projects");
        var ids = output.Split('\n').Where(l => l.StartsWith("  id (String) = ", StringComparison.Ordinal))
            .Select(l => l["  id (String) = ".Length..].Trim()).Order(StringComparer.Ordinal).ToList();
        var truth = await api.Database.IdsAsync(
            "SELECT id FROM projects WHERE ST_Intersects(geom, ST_MakeEnvelope(131.5, 45.0, 133.2, 45.9, 4490)) ORDER BY id");

        Assert.NotEmpty(truth);
        Assert.Equal(truth, ids);
    }
}

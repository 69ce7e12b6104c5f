using System.Globalization;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// Each CQL2 spatial function, in cql2-text (WKT and BBOX literals) and cql2-json (GeoJSON and bbox literals),
/// against the PostGIS predicate of the same name on the same literal. Each literal is built from the
/// reference data so that the answer is neither empty nor every row.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class SpatialFunctionTests(ApiFixture api)
{
    // function, collection, table, id column, the literal as SQL over the reference data (a polygon when boxed is true).
    public static TheoryData<string, string, string, string, string, bool> Cases => new()
    {
        // A box around 鸡西市区 and its neighbours' edges.
        { "intersects", "counties", "counties", "code", "ST_Expand(ST_Envelope((SELECT seat FROM counties WHERE code = '230302')), 0.1)", true },
        { "disjoint", "counties", "counties", "code", "ST_Expand(ST_Envelope((SELECT seat FROM counties WHERE code = '230302')), 0.1)", true },
        // The envelope of the projects in 密山市, a little larger: projects inside it, not every project.
        { "within", "projects", "projects", "id", "ST_Expand((SELECT ST_Envelope(ST_Collect(geom)) FROM projects WHERE county_code = '230382'), 0.001)", true },
        // A tiny box inside 密山市: only the county around it contains it.
        { "contains", "counties", "counties", "code", "ST_Expand(ST_Envelope(ST_PointOnSurface((SELECT geom FROM counties WHERE code = '230382'))), 1e-5)", true },
        // A box east of 鸡东县 whose west edge is through 鸡东县's easternmost vertex: it touches 鸡东县 and overlaps the county east of it.
        { "touches", "counties", "counties", "code",
          "(SELECT ST_MakeEnvelope(ST_XMax(geom), ST_YMin(geom), ST_XMax(geom) + 0.2, ST_YMax(geom), 4490) FROM counties WHERE code = '230321')", true },
        // The west half of 鸡东县's envelope: it overlaps 鸡东县 and its western neighbours.
        { "overlaps", "counties", "counties", "code",
          "(SELECT ST_MakeEnvelope(ST_XMin(geom), ST_YMin(geom), (ST_XMin(geom) + ST_XMax(geom)) / 2, ST_YMax(geom), 4490) FROM counties WHERE code = '230321')", true },
        // Rivers through a box around 密山市's seat: those that run in and out of it cross it.
        { "crosses", "rivers", "rivers", "id", "ST_Expand(ST_Envelope((SELECT seat FROM counties WHERE code = '230382')), 0.3)", true },
        // An enterprise's own point and a project's own outline, read from PostGIS.
        { "equals", "enterprises", "enterprises", "id", "(SELECT geom FROM enterprises WHERE id = 'ent-zhenbaodao')", false },
        { "equals", "projects", "projects", "id", "(SELECT geom FROM projects WHERE id = 'JX-28')", false },
    };

    private async Task<(string Wkt, string GeoJson, double[]? Box)> LiteralAsync(string sql, bool boxed) =>
        (await api.Database.RowsAsync(
            $"SELECT ST_AsText(g, 17), ST_AsGeoJSON(g, 17), ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g) FROM (SELECT {sql} AS g) x",
            r => (r.GetString(0), r.GetString(1), boxed ? new[] { r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5) } : null)))[0];

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_spatial_function_selects_what_the_postgis_predicate_selects_with_every_kind_of_literal(
        string function, string collection, string table, string idColumn, string literalSql, bool boxed)
    {
        var (wkt, geoJson, box) = await LiteralAsync(literalSql, boxed);
        var predicate = "ST_" + char.ToUpperInvariant(function[0]) + function[1..];
        var truth = await api.Database.IdsAsync(
            $"SELECT {idColumn} FROM {table} t WHERE {predicate}(t.geom, ST_GeomFromText($1, 4490)) ORDER BY 1", wkt);
        var all = await api.Database.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        var filters = new List<(string Language, string Filter)>
        {
            ("cql2-text", $"S_{function.ToUpperInvariant()}(geometry, {wkt})"),
            ("cql2-json", $$"""{"op":"s_{{function}}","args":[{"property":"geometry"},{{geoJson}}]}"""),
        };
        if (box is not null)
        {
            filters.Add(("cql2-text", $"S_{function.ToUpperInvariant()}(geometry, BBOX({string.Join(", ", box.Select(Number))}))"));
            filters.Add(("cql2-json", $$"""{"op":"s_{{function}}","args":[{"property":"geometry"},{"bbox":[{{string.Join(",", box.Select(Number))}}]}]}"""));
        }

        Assert.NotEmpty(truth);
        Assert.True(truth.Count < all, $"{predicate} selects all {all} rows of {table}");
        foreach (var (language, filter) in filters)
        {
            var walked = await api.Client.WalkAsync($"/collections/{collection}/items?limit=1000&filter-lang={language}&filter=" + Uri.EscapeDataString(filter));
            Assert.True(truth.SequenceEqual(walked), $"{language} {filter[..Math.Min(filter.Length, 120)]}: [{string.Join(", ", walked)}], PostGIS: [{string.Join(", ", truth)}]");
        }
    }

    [Fact]
    public async Task S_touches_is_not_s_intersects_the_touching_box_also_overlaps_a_county()
    {
        var (wkt, _, _) = await LiteralAsync(
            "(SELECT ST_MakeEnvelope(ST_XMax(geom), ST_YMin(geom), ST_XMax(geom) + 0.2, ST_YMax(geom), 4490) FROM counties WHERE code = '230321')", true);
        var touching = await api.Client.WalkAsync("/collections/counties/items?filter=" + Uri.EscapeDataString($"S_TOUCHES(geometry, {wkt})"));
        var intersecting = await api.Database.IdsAsync("SELECT code FROM counties WHERE ST_Intersects(geom, ST_GeomFromText($1, 4490)) ORDER BY 1", wkt);

        Assert.Contains("230321", touching);
        Assert.True(intersecting.Count > touching.Count, $"touching [{string.Join(", ", touching)}], intersecting [{string.Join(", ", intersecting)}]");
    }

    [Fact]
    public async Task A_geojson_object_in_cql2_text_is_a_400_cql2_text_takes_wkt()
    {
        var (response, problem) = await api.Client.GetJsonAsync("/collections/counties/items?filter="
            + Uri.EscapeDataString("""S_INTERSECTS(geometry, {"type":"Point","coordinates":[131.87,45.55]})"""));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("filter", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("cql2-text", "S_INTERSECTS(geometry, LINESTRING(130.5 45.3, 131.5 45.5, 132.5 45.4))", "LINESTRING(130.5 45.3, 131.5 45.5, 132.5 45.4)")]
    [InlineData("cql2-text", "S_INTERSECTS(geometry, MULTIPOINT((130.97 45.3), (131.87 45.55)))", "MULTIPOINT((130.97 45.3), (131.87 45.55))")]
    [InlineData("cql2-text", "S_INTERSECTS(geometry, MULTIPOLYGON(((130.9 45.2, 131.0 45.2, 131.0 45.3, 130.9 45.2)), ((132.0 45.6, 132.2 45.6, 132.2 45.8, 132.0 45.6))))",
                "MULTIPOLYGON(((130.9 45.2, 131.0 45.2, 131.0 45.3, 130.9 45.2)), ((132.0 45.6, 132.2 45.6, 132.2 45.8, 132.0 45.6)))")]
    [InlineData("cql2-json", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[130.5,45.3],[131.5,45.5],[132.5,45.4]]}]}""",
                "LINESTRING(130.5 45.3, 131.5 45.5, 132.5 45.4)")]
    [InlineData("cql2-json", """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[131.87,45.55]}]}""", "POINT(131.87 45.55)")]
    public async Task S_intersects_takes_lines_points_and_multipolygons_not_only_boxes(string language, string filter, string wkt)
    {
        var walked = await api.Client.WalkAsync($"/collections/counties/items?filter-lang={language}&filter=" + Uri.EscapeDataString(filter));
        var truth = await api.Database.IdsAsync("SELECT code FROM counties WHERE ST_Intersects(geom, ST_GeomFromText($1, 4490)) ORDER BY 1", wkt);

        Assert.NotEmpty(truth);
        Assert.True(truth.Count < await api.Database.ScalarAsync<long>("SELECT count(*) FROM counties"), "the literal meets every county");
        Assert.Equal(truth, walked);
    }
}

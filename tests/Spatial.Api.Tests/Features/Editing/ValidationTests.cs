using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// What a write refuses, all at once and under JSON pointers, and what it accepts: the body a GET gave
/// (read-only members ignored), an id of the client's choosing, and coordinates in any CRS the server lists.
/// </summary>
public sealed partial class ValidationTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private EditorKey Officer => editing.Keys[Role.LandOfficer];

    /// <summary>A project as a client would send it: the reference project's feature, without its id, under a source_ref of its own.</summary>
    private async Task<JsonObject> ProjectBodyAsync(string sourceRef)
    {
        var (model, _) = await editing.Client.ReadFeatureAsync("projects", await editing.Database.ReferenceIdAsync("projects"));
        model.Remove("id");
        model.Remove("links");
        model["properties"]!["source_ref"] = sourceRef;
        return model;
    }

    [Fact]
    public async Task One_body_with_five_problems_gets_all_five_in_errors_and_stores_nothing()
    {
        var body = await ProjectBodyAsync("test five problems");
        var properties = body["properties"]!.AsObject();
        properties["colour"] = "red";
        properties["investment_cny"] = "很多";
        properties["sector"] = "bio_magic";
        properties.Remove("summary_zh");
        // A bow tie: its edges cross at (131.005, 45.325).
        body["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[131.0,45.32],[131.01,45.33],[131.01,45.32],[131.0,45.33],[131.0,45.32]]]}""");
        var written = await editing.Database.WrittenRowsAsync();

        var answer = await editing.Client.CreateAsync("projects", Officer, body.ToJsonString());

        AssertProblem(answer, 422);
        Assert.Contains("has no property 'colour'", answer.ErrorAt("/properties/colour"), StringComparison.Ordinal);
        Assert.Equal("must be a number", answer.ErrorAt("/properties/investment_cny"));
        Assert.Contains("'bio_magic' is not in sectors; one of bio_agriculture, bio_energy", answer.ErrorAt("/properties/sector"), StringComparison.Ordinal);
        Assert.StartsWith("required", answer.ErrorAt("/properties/summary_zh"), StringComparison.Ordinal);
        var geometry = answer.ErrorAt("/geometry");
        Assert.Contains("Self-intersection", geometry, StringComparison.Ordinal);
        var at = Position().Match(geometry);
        Assert.True(at.Success, geometry);
        Assert.Equal(131.005, double.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture), 9);
        Assert.Equal(45.325, double.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture), 9);
        Assert.Equal(written, await editing.Database.WrittenRowsAsync());
    }

    [Fact]
    public async Task An_outline_partly_outside_the_plan_area_under_another_county_code_gets_both_problems()
    {
        // A 0.02° square on the easternmost vertex of the plan area: partly abroad, mostly in one county.
        var (outline, outsideM2, county) = (await editing.Database.RowsAsync("""
            WITH plan AS (SELECT ST_Union(geom) AS g FROM counties),
                 corner AS (SELECT (d).geom AS p FROM plan, ST_DumpPoints(plan.g) d ORDER BY ST_X((d).geom) DESC LIMIT 1),
                 square AS (SELECT ST_Envelope(ST_Buffer(p, 0.01)) AS s FROM corner)
            SELECT ST_AsGeoJSON(s, 9), ST_Area(ST_Difference(s, plan.g)::geography),
                   (SELECT c.code FROM counties c ORDER BY ST_Area(ST_Intersection(c.geom, s)::geography) DESC LIMIT 1)
            FROM square, plan
            """, r => (r.GetString(0), r.GetDouble(1), r.GetString(2)))).Single();
        var otherCounty = county == "230302" ? "230303" : "230302";
        var body = await ProjectBodyAsync("test partly abroad");
        body["geometry"] = JsonNode.Parse(outline);
        body["properties"]!["county_code"] = otherCounty;
        var written = await editing.Database.WrittenRowsAsync();

        var answer = await editing.Client.CreateAsync("projects", Officer, body.ToJsonString());

        AssertProblem(answer, 422);
        Assert.Equal(["/geometry", "/properties/county_code"], answer.Pointers.Order());
        var outside = answer.ErrorAt("/geometry");
        Assert.Contains("lies outside the plan area", outside, StringComparison.Ordinal);
        Assert.Equal(outsideM2, double.Parse(SquareMetres().Match(outside).Groups[1].Value, CultureInfo.InvariantCulture), outsideM2 * 0.001 + 1);
        Assert.Equal($"'{otherCounty}' does not match the outline, which lies mostly in county {county}", answer.ErrorAt("/properties/county_code"));
        Assert.Equal(written, await editing.Database.WrittenRowsAsync());
    }

    /// <summary>Values only the database's CHECKs, domains and NOT NULLs know are refused (422, the constraint named), never a 500.</summary>
    [Theory]
    [InlineData("sectors", "[\"bio_magic\"]", "industrial_parks_sectors_known")]
    [InlineData("aliases_zh", "null", "\"aliases_zh\"")]
    [InlineData("name_en", "\"a\\u0000b\"", "0x00")]
    public async Task A_value_only_the_database_checks_is_422_naming_the_constraint_and_stores_nothing(string property, string json, string named)
    {
        var (model, _) = await editing.Client.ReadFeatureAsync("industrial-parks", await editing.Database.ReferenceIdAsync("industrial_parks"));
        model.Remove("id");
        model["properties"]![property] = JsonNode.Parse(json);
        var written = await editing.Database.WrittenRowsAsync();

        var answer = await editing.Client.CreateAsync("industrial-parks", editing.Keys[Role.Planner], model.ToJsonString());

        AssertProblem(answer, 422);
        Assert.Contains(named, answer.Detail, StringComparison.Ordinal);
        Assert.Contains(named, answer.Json.GetProperty("errors")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(written, await editing.Database.WrittenRowsAsync());
    }

    /// <summary>Codes of the lookup tables (004_vocabulary) are checked before the write, each named with the table and its choices.</summary>
    [Theory]
    [InlineData("level", "galactic", "park_levels", "national")]
    [InlineData("geometry_source", "guessed", "geometry_sources", "surveyed")]
    public async Task A_code_missing_from_its_lookup_table_is_422_naming_the_table_and_its_choices_and_stores_nothing(
        string property, string code, string table, string oneChoice)
    {
        var (model, _) = await editing.Client.ReadFeatureAsync("industrial-parks", await editing.Database.ReferenceIdAsync("industrial_parks"));
        model.Remove("id");
        model["properties"]![property] = code;
        var written = await editing.Database.WrittenRowsAsync();

        var answer = await editing.Client.CreateAsync("industrial-parks", editing.Keys[Role.Planner], model.ToJsonString());

        AssertProblem(answer, 422);
        var detail = answer.ErrorAt("/properties/" + property);
        Assert.StartsWith($"'{code}' is not in {table}; one of ", detail, StringComparison.Ordinal);
        Assert.Contains(oneChoice, detail, StringComparison.Ordinal);
        Assert.Equal(written, await editing.Database.WrittenRowsAsync());
    }

    [Theory]
    [MemberData(nameof(EditableLayers))]
    public async Task A_client_can_put_back_exactly_what_it_got_and_read_only_members_are_ignored(string collection)
    {
        var table = FeatureRows.Table(collection);
        var id = $"round-trip-{collection}";
        await editing.Database.CopyAsync(table, id);
        using var got = await editing.Client.GetAsync(new Uri(Item(collection, id), UriKind.Relative));
        var text = await got.Content.ReadAsStringAsync();
        Assert.Contains("\"county_name_zh\"", text, StringComparison.Ordinal);
        Assert.Contains("\"created_at\"", text, StringComparison.Ordinal);
        var before = (await editing.Database.AttributesAsync(table, id))!.Value;
        var geometryBefore = await editing.Database.ScalarAsync<byte[]>($"SELECT ST_AsEWKB(geom) FROM {table} WHERE id = $1", id);
        var key = editing.Keys[Role.Admin];

        var answer = await editing.Client.ReplaceAsync(collection, id, key, text, got.Headers.ETag!.ToString());

        Assert.True(answer.Code == 200, answer.ToString());
        var after = (await editing.Database.AttributesAsync(table, id))!.Value;
        foreach (var column in before.EnumerateObject().Where(c => c.Name is not ("version" or "updated_at" or "area_m2")))
            Assert.True(Same(column.Value, after.GetProperty(column.Name)), $"{column.Name}: {column.Value} → {after.GetProperty(column.Name)}");
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.True(await editing.Database.ScalarAsync<double>($"SELECT ST_HausdorffDistance(geom, ST_GeomFromEWKB($2)) FROM {table} WHERE id = $1", id, geometryBefore) < 1e-7);
        if (before.TryGetProperty("area_m2", out var area))
            Assert.Equal(area.GetDouble(), after.GetProperty("area_m2").GetDouble(), await RoundingAreaAsync(table, id));
    }

    /// <summary>The same value, numbers by value (a numeric column keeps the scale it was written with: 490000000.0 and 490000000.00).</summary>
    private static bool Same(JsonElement a, JsonElement b) => a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number
        ? a.GetDecimal() == b.GetDecimal()
        : a.ToString() == b.ToString();

    /// <summary>
    /// How far an outline's area moves when its vertices come back as a GET wrote them, to 7 decimals
    /// (at most about a centimetre each): its perimeter times a centimetre.
    /// </summary>
    private Task<double> RoundingAreaAsync(string table, string id) =>
        editing.Database.ScalarAsync<double>($"SELECT ST_Perimeter(geom::geography) * 0.01 FROM {table} WHERE id = $1", id);

    public static TheoryData<string> EditableLayers() => [.. FeatureRows.Editable];

    [Fact]
    public async Task Read_only_members_with_other_values_are_ignored_not_stored()
    {
        const string id = "read-only-ignored";
        await editing.Database.CopyAsync("projects", id);
        var (feature, etag) = await editing.Client.ReadFeatureAsync("projects", id);
        var before = (await editing.Database.AttributesAsync("projects", id))!.Value;
        var properties = feature["properties"]!.AsObject();
        properties["county_name_zh"] = "不存在的县";
        properties["sector_zh"] = "假领域";
        properties["area_mu"] = 1;
        properties["area_m2"] = 1;
        properties["created_at"] = "2000-01-01T00:00:00Z";
        properties["version"] = 99;

        var answer = await editing.Client.ReplaceAsync("projects", id, Officer, feature.ToJsonString(), etag);

        Assert.True(answer.Code == 200, answer.ToString());
        var after = (await editing.Database.AttributesAsync("projects", id))!.Value;
        Assert.Equal(before.GetProperty("area_m2").GetDouble(), after.GetProperty("area_m2").GetDouble(), await RoundingAreaAsync("projects", id));
        Assert.Equal(before.GetProperty("created_at").GetString(), after.GetProperty("created_at").GetString());
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.NotEqual("不存在的县", answer.Json.GetProperty("properties").GetProperty("county_name_zh").GetString());
    }

    [Fact]
    public async Task An_id_in_a_post_is_used_when_free_and_409_when_taken()
    {
        var body = await ProjectBodyAsync("test chosen id");
        body["id"] = "JX-自选-01";

        var first = await editing.Client.CreateAsync("projects", Officer, body.ToJsonString());
        body["properties"]!["source_ref"] = "test chosen id again";
        var written = await editing.Database.WrittenRowsAsync();
        var second = await editing.Client.CreateAsync("projects", Officer, body.ToJsonString());

        Assert.True(first.Code == 201, first.ToString());
        Assert.EndsWith("/collections/projects/items/" + Uri.EscapeDataString("JX-自选-01"), first.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("JX-自选-01", first.Json.GetProperty("id").GetString());
        Assert.Equal("test chosen id", await editing.Database.TextAsync("projects", "JX-自选-01", "source_ref"));
        AssertProblem(second, 409);
        Assert.Equal("/id", second.Json.GetProperty("pointer").GetString());
        Assert.Contains("JX-自选-01", second.Detail, StringComparison.Ordinal);
        Assert.Equal(written, await editing.Database.WrittenRowsAsync());
        Assert.Equal("test chosen id", await editing.Database.TextAsync("projects", "JX-自选-01", "source_ref"));
    }

    /// <summary>EPSG axis orders: geographic 4326/4490 latitude first, the CGCS2000 Gauss–Krüger codes northing first, 3857 easting first.</summary>
    [Theory]
    [InlineData(4326, true)]
    [InlineData(4490, true)]
    [InlineData(4532, true)]
    [InlineData(4553, true)]
    [InlineData(3857, false)]
    public async Task An_outline_sent_in_another_crs_is_stored_within_a_centimetre_of_the_same_outline_sent_in_crs84(int srid, bool northingFirst)
    {
        var crs84 = Outlines.Square(131.0, 45.32);
        // Projected: PostGIS's transformation of the outline read as CGCS2000 (how the server stores a CRS84 body); geographic: the same numbers.
        var transformed = await editing.Database.ScalarAsync<string>($"""
            SELECT ST_AsGeoJSON({(northingFirst ? "ST_FlipCoordinates(g)" : "g")}, 9)
            FROM (SELECT CASE WHEN $2 IN (4326, 4490) THEN c ELSE ST_Transform(c, $2) END AS g
                  FROM ST_SetSRID(ST_GeomFromGeoJSON($1), 4490) c) t
            """, crs84, srid);
        async Task<string> PostAsync(string outline, string suffix, string? crs)
        {
            var body = await ProjectBodyAsync($"test crs {srid} {suffix}");
            body["id"] = $"crs-{srid}-{suffix}";
            body["geometry"] = JsonNode.Parse(outline);
            body["properties"]!.AsObject().Remove("county_code");
            var answer = await editing.Client.CreateAsync("projects", Officer, body.ToJsonString(), crs);
            Assert.True(answer.Code == 201, $"{crs}: {answer}");
            return $"crs-{srid}-{suffix}";
        }

        var reference = await PostAsync(crs84, "crs84", null);
        var other = await PostAsync(transformed, "epsg", $"http://www.opengis.net/def/crs/EPSG/0/{srid}");

        var apartM = await editing.Database.ScalarAsync<double>("""
            SELECT ST_HausdorffDistance(ST_Transform(a.geom, 4532), ST_Transform(b.geom, 4532))
            FROM projects a, projects b WHERE a.id = $1 AND b.id = $2
            """, reference, other);
        Assert.True(apartM < 0.01, $"EPSG:{srid}: {apartM} m apart");
    }

    [GeneratedRegex(@"at \[(-?[\d.]+), (-?[\d.]+)\]")]
    private static partial Regex Position();

    [GeneratedRegex(@"^(\d+) m²")]
    private static partial Regex SquareMetres();
}

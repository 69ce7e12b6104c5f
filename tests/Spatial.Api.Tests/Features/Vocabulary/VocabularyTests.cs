using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Vocabulary;

/// <summary>/vocabulary and the queryables' enums say what the lookup tables hold, read here with SQL of the test's own.</summary>
[Collection(ApiTests.Name)]
public sealed class VocabularyTests(ApiFixture api)
{
    /// <summary>The closed vocabularies of the schema: every lookup table a layer column refers to, besides the layers themselves, and the states of an import.</summary>
    private static readonly string[] LookupTables =
        ["sectors", "zone_categories", "geometry_sources", "project_statuses", "project_scopes", "water_body_kinds",
         "ecological_area_kinds", "park_levels", "plans", "import_statuses"];

    private static readonly string[] LayerTables =
        ["counties", "water_bodies", "rivers", "borders", "ecological_areas", "planting_zones", "industrial_parks", "projects", "enterprises"];

    /// <summary>Rows as JSON objects with their members sorted, so two readings compare by content alone.</summary>
    private static List<string> Canonical(IEnumerable<JsonNode?> rows) =>
        rows.Select(row => new JsonObject(row!.AsObject().OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => KeyValuePair.Create(m.Key, m.Value?.DeepClone()))).ToJsonString()).ToList();

    [Fact]
    public async Task Every_vocabulary_served_is_its_lookup_table_row_for_row_with_every_attribute()
    {
        var served = (await api.Client.GetOkJsonAsync("/vocabulary")).GetProperty("vocabularies");

        Assert.Equal(LookupTables.Order(), served.EnumerateObject().Select(v => v.Name).Order());
        foreach (var table in LookupTables)
        {
            var truth = JsonNode.Parse(await api.Database.ScalarAsync<string>(
                $"SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.code), '[]')::text FROM {table} t"))!.AsArray();
            Assert.True(truth.Count > 1, $"{table} has {truth.Count} rows");
            Assert.Equal(Canonical(truth), Canonical(JsonNode.Parse(served.GetProperty(table).GetRawText())!.AsArray()));
        }
        Assert.Contains(served.GetProperty("sectors").EnumerateArray(),
            s => s.GetProperty("code").GetString() == "bio_energy" && s.GetProperty("industrial").GetBoolean());
        Assert.Contains(served.GetProperty("geometry_sources").EnumerateArray(),
            s => s.GetProperty("code").GetString() == "indicative" && s.GetProperty("name_zh").GetString() == "示意位置");
    }

    [Fact]
    public async Task The_layers_served_are_the_layers_table_in_drawing_order_and_titled_as_their_collections()
    {
        var served = (await api.Client.GetOkJsonAsync("/vocabulary")).GetProperty("layers").EnumerateArray()
            .Select(l => (l.GetProperty("id").GetString()!, l.GetProperty("title").GetString()!)).ToList();
        var truth = await api.Database.RowsAsync("SELECT code, name_zh || ' ' || name_en FROM layers ORDER BY position", r => (r.GetString(0), r.GetString(1)));
        var collections = (await api.Client.GetOkJsonAsync("/collections")).GetProperty("collections").EnumerateArray()
            .Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("title").GetString()!)).ToList();

        Assert.Equal(9, truth.Count);
        Assert.Equal(truth, served);
        Assert.Equal(truth.Order(), collections.Order());
        Assert.Contains(("water-bodies", "水体 Water bodies"), served);
    }

    /// <summary>
    /// The binding of each layer property to its vocabulary matches the schema's foreign keys (a park's array of
    /// sectors has none: an array cannot carry one, a CHECK of known sectors stands in for it).
    /// </summary>
    [Fact]
    public async Task Each_coded_property_names_the_table_its_foreign_key_references()
    {
        var layers = (await api.Client.GetOkJsonAsync("/vocabulary")).GetProperty("layers").EnumerateArray().ToList();
        var tableOf = await api.Database.RowsAsync("SELECT code, table_name FROM layers", r => (r.GetString(0), r.GetString(1)));
        var served = layers.SelectMany(l => l.GetProperty("vocabularies").EnumerateObject()
                .Select(p => $"{tableOf.Single(t => t.Item1 == l.GetProperty("id").GetString()).Item2}.{p.Name} → {p.Value.GetString()}"))
            .ToList();
        var keys = await api.Database.RowsAsync("""
            SELECT c.conrelid::regclass::text || '.' || a.attname || ' → ' || c.confrelid::regclass::text
            FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY ($1) AND c.confrelid::regclass::text = ANY ($2)
            ORDER BY 1
            """, r => r.GetString(0), LayerTables, LookupTables);

        Assert.True(keys.Count > 20, $"{keys.Count} foreign keys");
        Assert.Equal(keys.Append("industrial_parks.sectors → sectors").Order(StringComparer.Ordinal), served.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_vocabulary_has_an_etag_and_answers_304_to_a_client_that_holds_it()
    {
        var (first, _) = await api.Client.GetJsonAsync("/vocabulary");
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/vocabulary", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await api.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.ETag!.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_landing_page_and_the_api_definition_list_the_vocabulary()
    {
        var landing = await api.Client.GetOkJsonAsync("/");
        var paths = (await api.Client.GetOkJsonAsync("/api")).GetProperty("paths");

        Assert.Contains(landing.GetProperty("links").EnumerateArray(), l => l.GetProperty("href").GetString()!.EndsWith("/vocabulary", StringComparison.Ordinal)
            && l.GetProperty("type").GetString() == "application/json");
        Assert.True(paths.TryGetProperty("/vocabulary", out _));
    }

    [Theory]
    [InlineData("projects", "status", "project_statuses")]
    [InlineData("projects", "scope", "project_scopes")]
    [InlineData("projects", "sector", "sectors")]
    [InlineData("projects", "plan", "plans")]
    [InlineData("enterprises", "sector", "sectors")]
    [InlineData("planting-zones", "category", "zone_categories")]
    [InlineData("ecological-areas", "kind", "ecological_area_kinds")]
    [InlineData("water-bodies", "kind", "water_body_kinds")]
    [InlineData("industrial-parks", "level", "park_levels")]
    [InlineData("counties", "geometry_source", "geometry_sources")]
    [InlineData("rivers", "geometry_source", "geometry_sources")]
    public async Task A_coded_property_lists_its_lookup_tables_codes_as_its_enum_in_queryables_and_schema(string collection, string property, string table)
    {
        var codes = await api.Database.IdsAsync($"SELECT code FROM {table} ORDER BY code");

        foreach (var kind in new[] { "queryables", "schema" })
        {
            var properties = (await api.Client.GetOkJsonAsync($"/collections/{collection}/{kind}")).GetProperty("properties");
            Assert.True(codes.Count > 1, $"{table}: {codes.Count} codes");
            Assert.Equal(codes, properties.GetProperty(property).GetProperty("enum").EnumerateArray().Select(c => c.GetString()!));
            Assert.False(properties.GetProperty("name_en").TryGetProperty("enum", out _));
        }
    }

    [Fact]
    public async Task A_parks_designated_sectors_are_an_array_whose_items_take_the_sectors_codes()
    {
        var sectors = await api.Database.IdsAsync("SELECT code FROM sectors ORDER BY code");
        var schema = (await api.Client.GetOkJsonAsync("/collections/industrial-parks/queryables")).GetProperty("properties").GetProperty("sectors");

        Assert.Equal("array", schema.GetProperty("type").GetString());
        Assert.Equal(sectors, schema.GetProperty("items").GetProperty("enum").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(7, sectors.Count);
    }
}

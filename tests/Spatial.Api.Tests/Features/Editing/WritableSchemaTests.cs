using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// /collections/{id}/schema tells a client what it may write: every property that is not a column the client
/// sets is readOnly, and "required" lists what a new feature must carry. The expectations come from PostgreSQL's
/// own catalogue (pg_attribute: generated columns, NOT NULL, defaults), read here, and from the list of derived properties.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class WritableSchemaTests(ApiFixture api)
{
    /// <summary>A table's stored columns that the client sets: not generated, and not the stamps the history trigger writes (the "timestamps, version").</summary>
    private const string SetByClientSql = """
        SELECT attname::text FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
          AND attname NOT IN ('version', 'created_at', 'updated_at')
        """;

    /// <summary>Of those, the ones an INSERT without them refuses: NOT NULL and no default.</summary>
    private const string RequiredSql = SetByClientSql + " AND attnotnull AND NOT atthasdef";

    public static TheoryData<string> Editable() => [.. FeatureRows.Editable];

    [Theory]
    [MemberData(nameof(Editable))]
    public async Task An_editable_layers_schema_marks_all_but_its_client_set_columns_readOnly_and_requires_its_not_null_columns(string collection)
    {
        var (schema, properties) = await SchemaAsync(collection);
        var setByClient = (await api.Database.IdsAsync(SetByClientSql, FeatureRows.Table(collection))).ToHashSet();
        var notNull = await api.Database.IdsAsync(RequiredSql, FeatureRows.Table(collection));

        Assert.Equal(properties.Keys.Where(p => !setByClient.Contains(p)).Order(), ReadOnly(properties).Order());
        Assert.Contains(properties.Keys, setByClient.Contains);
        Assert.Equal(notNull.Where(properties.ContainsKey).Order(), Required(schema).Order());
        Assert.All(Required(schema), name => Assert.False(properties[name].TryGetProperty("readOnly", out _), $"{name} is required but readOnly"));
    }

    [Theory]
    [InlineData("projects", "sector_zh")]
    [InlineData("planting-zones", "category_zh")]
    public async Task The_derived_properties_of_projects_and_planting_zones_are_exactly_the_readOnly_ones(string collection, string codeName)
    {
        var (schema, properties) = await SchemaAsync(collection);

        Assert.Equal(new[] { codeName, "county_name_zh", "county_name_en", "area_m2", "area_ha", "area_mu", "created_at", "updated_at" }.Order(),
            ReadOnly(properties).Order());
        Assert.Contains("name_zh", Required(schema));
        Assert.Contains("plan", Required(schema));
        Assert.DoesNotContain("location_note", Required(schema));
    }

    [Theory]
    [InlineData("counties")]
    [InlineData("water-bodies")]
    [InlineData("rivers")]
    [InlineData("borders")]
    public async Task Reference_data_has_every_property_readOnly_and_nothing_required(string collection)
    {
        var (schema, properties) = await SchemaAsync(collection);
        var queryables = await api.Client.GetOkJsonAsync($"/collections/{collection}/queryables");

        Assert.NotEmpty(properties);
        Assert.Equal(properties.Keys.Order(), ReadOnly(properties).Order());
        Assert.False(schema.TryGetProperty("required", out _));
        Assert.DoesNotContain(queryables.GetProperty("properties").EnumerateObject(), p => p.Value.TryGetProperty("readOnly", out _));
    }

    private async Task<(JsonElement Schema, Dictionary<string, JsonElement> Properties)> SchemaAsync(string collection)
    {
        var schema = await api.Client.GetOkJsonAsync($"/collections/{collection}/schema");
        return (schema, schema.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value));
    }

    private static IEnumerable<string> ReadOnly(Dictionary<string, JsonElement> properties) =>
        properties.Where(p => p.Value.TryGetProperty("readOnly", out var flag) && flag.GetBoolean()).Select(p => p.Key);

    private static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
}

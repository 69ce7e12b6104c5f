using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Vocabulary;

/// <summary>
/// A sector added to the database, with no new release, is served, listed in the queryables, accepted by
/// the footprint checks and weighed by its own attribute. Each test has a database and a service of its own.
/// </summary>
public sealed class NewSectorTests
{
    private const string InsertSectors = """
        INSERT INTO sectors (code, name_zh, name_en, industrial)
        VALUES ('bio_marine', '海洋生物', 'Marine bio-industry', true), ('bio_tourism', '生物旅游', 'Bio-tourism', false)
        """;

    // A county of the test's own south-west of the plan's counties, no park in it, and a project of the new sector inside it.
    private const string InsertCountyAndProject = """
        INSERT INTO plans (code, name_zh, name_en, issued_by, source_file) VALUES ('jixi-2022', '测试规划', 'Test plan', 'test', 'test');
        INSERT INTO counties (code, name_zh, name_en, city_zh, city_en, seat, source_ref, geometry_source, geom)
        VALUES ('999999', '测试县', 'Test county', '测试市', 'Test city', ST_SetSRID(ST_MakePoint(129.5, 44.0), 4490), 'test', 'derived',
                ST_Multi(ST_MakeEnvelope(129.4, 43.9, 129.6, 44.1, 4490)));
        INSERT INTO projects (id, name_zh, name_en, sector, county_code, summary_zh, status, scope, plan, source_ref, geometry_source, geom)
        VALUES ('MAR-1', '海洋生物项目', 'Marine project', 'bio_marine', '999999', '测试', 'planned', 'site', 'jixi-2022', 'test: new sector',
                'surveyed', ST_Multi(ST_MakeEnvelope(129.45, 43.95, 129.46, 43.96, 4490)));
        """;

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_sector_inserted_after_start_is_served_under_a_new_etag_and_listed_in_the_queryables()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await using var app = new SpatialApp(database.ConnectionString);
        using var client = await app.ReadyClientAsync();
        var (before, _) = await client.GetJsonAsync("/vocabulary");

        await ExecuteAsync(database, InsertSectors);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/vocabulary", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await client.SendAsync(request);
        var sectors = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("vocabularies").GetProperty("sectors");
        var marine = Assert.Single(sectors.EnumerateArray(), s => s.GetProperty("code").GetString() == "bio_marine");
        var enumerated = (await client.GetOkJsonAsync("/collections/projects/queryables"))
            .GetProperty("properties").GetProperty("sector").GetProperty("enum").EnumerateArray().Select(c => c.GetString()).ToList();

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal("海洋生物", marine.GetProperty("name_zh").GetString());
        Assert.Equal("Marine bio-industry", marine.GetProperty("name_en").GetString());
        Assert.True(marine.GetProperty("industrial").GetBoolean());
        Assert.Equal(9, sectors.GetArrayLength());
        Assert.Contains("bio_marine", enumerated);
        Assert.Contains("bio_tourism", enumerated);
    }

    [Fact]
    public async Task A_new_industrial_sector_is_accepted_by_the_footprint_checks_and_warned_outside_every_park_a_new_other_sector_is_not()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await ExecuteAsync(database, InsertSectors);
        await ExecuteAsync(database, InsertCountyAndProject);
        await using var app = new SpatialApp(database.ConnectionString);
        using var client = await app.ReadyClientAsync();
        var site = Outlines.Square(129.50, 44.00, 0.005);

        var industrial = await CheckAsync(client, site, "?sector=bio_marine");
        var other = await CheckAsync(client, site, "?sector=bio_tourism");
        var stored = await client.GetOkJsonAsync("/collections/projects/items/MAR-1/footprint-check");
        using var unknown = await client.PostAsync(new Uri("/footprint-checks?sector=bio_mining", UriKind.Relative), Outlines.GeoJson(site));
        var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("999999", industrial.GetProperty("parcels")[0].GetProperty("counties")[0].GetProperty("id").GetString());
        var outside = Assert.Single(industrial.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "OUTSIDE_PARKS");
        Assert.Contains("(bio_marine)", outside.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.Equal("warn", industrial.GetProperty("verdict").GetString());
        Assert.Equal("999999", other.GetProperty("parcels")[0].GetProperty("counties")[0].GetProperty("id").GetString());
        Assert.DoesNotContain(other.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "OUTSIDE_PARKS");
        Assert.Equal("pass", other.GetProperty("verdict").GetString());
        Assert.Contains(stored.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "OUTSIDE_PARKS");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("sector", problem.GetProperty("parameter").GetString());
        Assert.StartsWith("sector: 'bio_mining' is not a sector; use one of ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("bio_marine", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, string geoJson, string query)
    {
        using var content = Outlines.GeoJson(geoJson);
        using var response = await client.PostAsync(new Uri("/footprint-checks" + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

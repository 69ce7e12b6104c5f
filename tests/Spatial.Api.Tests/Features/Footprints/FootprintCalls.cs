using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>
/// Footprints built by PostGIS from the loaded data (so no coordinate drifts with it), the check of one,
/// and the ground truth of an overlap, computed by PostGIS on the same GeoJSON text the service reads.
/// </summary>
internal static class FootprintCalls
{
    /// <summary>SQL of a disc of radius r metres around a point: the footprint shapes below are made of these.</summary>
    public static string Disc(string point, string radius) => $"ST_SetSRID(ST_Buffer(({point})::geography, {radius})::geometry, 4490)";

    /// <summary>SQL of the first vertex of a (multi)polygon's outline: a disc there straddles the outline.</summary>
    public static string FirstVertex(string geom) => $"ST_PointN(ST_ExteriorRing(ST_GeometryN({geom}, 1)), 1)";

    /// <summary>
    /// The first planting zone (by id) where a 100 m disc on its outline touches no other zone, ecological area,
    /// water body or project: (id, crops, GeoJSON of the disc). Its only conflict is that zone.
    /// </summary>
    public static async Task<(string Id, string[] Crops, string GeoJson)> ZoneOnlySiteAsync(TestDatabase database)
    {
        var sites = await database.RowsAsync($"""
            SELECT z.id, z.crops_zh, ST_AsGeoJSON(f.g, 9) FROM planting_zones z
            CROSS JOIN LATERAL (SELECT {Disc(FirstVertex("z.geom"), "100")} AS g) f
            WHERE NOT EXISTS (SELECT 1 FROM planting_zones o WHERE o.id <> z.id AND ST_Intersects(o.geom, f.g))
              AND NOT EXISTS (SELECT 1 FROM ecological_areas e WHERE ST_Intersects(e.geom, f.g))
              AND NOT EXISTS (SELECT 1 FROM water_bodies w WHERE ST_Intersects(w.geom, f.g))
              AND NOT EXISTS (SELECT 1 FROM projects p WHERE ST_Intersects(p.geom, f.g))
            ORDER BY z.id LIMIT 1
            """, r => (r.GetString(0), r.GetFieldValue<string[]>(1), r.GetString(2)));
        Assert.Single(sites);
        return sites[0];
    }

    /// <summary>POSTs a GeoJSON footprint; asserts 200 application/json and returns the report.</summary>
    public static async Task<JsonElement> CheckAsync(this ApiFixture api, string geoJson, string query = "")
    {
        using var content = Outlines.GeoJson(geoJson);
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks" + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>ST_Area(ST_Intersection(footprint, feature)::geography) in m², for one feature of a layer table.</summary>
    public static Task<double> OverlapM2Async(this TestDatabase database, string geoJson, string table, string id, string key = "id") =>
        database.ScalarAsync<double>(
            $"SELECT ST_Area(ST_Intersection(ST_SetSRID(ST_GeomFromGeoJSON($1), 4490), geom)::geography) FROM {table} WHERE {key} = $2", geoJson, id);

    public static Task<double> AreaM2Async(this TestDatabase database, string geoJson) =>
        database.ScalarAsync<double>("SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON($1), 4490)::geography)", geoJson);

    /// <summary>The one reason with this code naming this feature (fails when there is none or more).</summary>
    public static JsonElement ReasonFor(this JsonElement report, string code, string featureId) =>
        Assert.Single(report.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == code
            && r.GetProperty("feature_ids").EnumerateArray().Any(i => i.GetString() == featureId));

    public static bool HasReason(this JsonElement report, string code, string featureId) =>
        report.GetProperty("reasons").EnumerateArray().Any(r => r.GetProperty("code").GetString() == code
            && r.GetProperty("feature_ids").EnumerateArray().Any(i => i.GetString() == featureId));

    public static List<string?> Codes(this JsonElement report) =>
        report.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();

    /// <summary>The one entry with this id in a list of overlaps (conflicts.* or slivers).</summary>
    public static JsonElement Entry(this JsonElement list, string id) =>
        Assert.Single(list.EnumerateArray(), o => o.GetProperty("id").GetString() == id);

    public static bool Lists(this JsonElement list, string id) => list.EnumerateArray().Any(o => o.GetProperty("id").GetString() == id);

    public static double SquareMetres(this JsonElement overlap) => overlap.GetProperty("area").GetProperty("square_metres").GetDouble();
}

using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Footprints.FootprintCalls;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>
/// A conflict with an outline placed by rule (indicative) is a warning to verify; the same conflict with a
/// surveyed outline fails. The test owns its ecological area (id T10-…), on open land, and deletes it.
/// </summary>
// A database of this class's own (a class fixture, not the shared collection): it adds and changes an ecological area of its own,
// which the other classes must not see.
public sealed class IndicativeOutlineTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Id = "T10-eco-indicative-downgrade";

    // A 300 m wetland on open land in 密山市, and a 100 m parcel on its first vertex: the wetland is its only conflict.
    private static readonly string Wetland = Disc("ST_SetSRID(ST_Point(131.60, 45.75), 4490)", "300");

    [Fact]
    public async Task The_same_ecological_overlap_fails_on_a_surveyed_outline_and_is_a_warning_to_verify_on_an_indicative_one()
    {
        var parcel = (await api.Database.RowsAsync($"""
            SELECT ST_AsGeoJSON(x.f, 9) FROM (SELECT {Wetland} AS g) w
            CROSS JOIN LATERAL (SELECT {Disc(FirstVertex("w.g"), "100")} AS f) x
            WHERE NOT EXISTS (SELECT 1 FROM ecological_areas e WHERE ST_Intersects(e.geom, ST_Union(w.g, x.f)))
              AND NOT EXISTS (SELECT 1 FROM water_bodies o WHERE ST_Intersects(o.geom, ST_Union(w.g, x.f)))
              AND NOT EXISTS (SELECT 1 FROM projects p WHERE ST_Intersects(p.geom, ST_Union(w.g, x.f)))
              AND NOT EXISTS (SELECT 1 FROM planting_zones z WHERE ST_Intersects(z.geom, ST_Union(w.g, x.f)))
            """, r => r.GetString(0))).Single();
        await api.Database.ScalarAsync<object>($"""
            INSERT INTO ecological_areas (id, name_zh, name_en, kind, county_code, plan, source_ref, geometry_source, geom)
            SELECT $1, '测试湿地', 'Test wetland', 'wetland', c.code, 'jixi-2022', 'test T10', 'surveyed', ST_Multi({Wetland})
            FROM counties c WHERE ST_Contains(c.geom, ST_SetSRID(ST_Point(131.60, 45.75), 4490))
            """, Id);
        try
        {
            var truth = await api.Database.OverlapM2Async(parcel, "ecological_areas", Id);
            var surveyed = await api.CheckAsync(parcel);
            await api.Database.ScalarAsync<object>("UPDATE ecological_areas SET geometry_source = 'indicative' WHERE id = $1", Id);
            var indicative = await api.CheckAsync(parcel);

            var failing = surveyed.ReasonFor("ECOLOGICAL_OVERLAP", Id);
            var warning = indicative.ReasonFor("ECOLOGICAL_OVERLAP", Id);
            Assert.InRange(truth, 5_000, 25_000);
            Assert.Equal("fail", surveyed.GetProperty("verdict").GetString());
            Assert.Equal("fail", failing.GetProperty("severity").GetString());
            Assert.DoesNotContain("verify", failing.GetProperty("message_en").GetString(), StringComparison.Ordinal);
            Assert.Equal("warn", indicative.GetProperty("verdict").GetString());
            Assert.Equal("warn", warning.GetProperty("severity").GetString());
            Assert.EndsWith("(its outline is indicative: verify).", warning.GetProperty("message_en").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("（对方为示意位置，请核实）。", warning.GetProperty("message_zh").GetString(), StringComparison.Ordinal);
            foreach (var report in new[] { surveyed, indicative })
                Assert.Equal(truth, report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("ecological_areas").Entry(Id).SquareMetres(), 0.01);
        }
        finally
        {
            await api.Database.ScalarAsync<object>("DELETE FROM ecological_areas WHERE id = $1", Id);
        }
    }
}

using System.Globalization;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Footprints.FootprintCalls;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>
/// Every conflict code a land officer relies on, produced from the loaded data: each footprint is a disc PostGIS
/// draws on the target feature, and each overlap is checked against PostGIS's own ST_Area(ST_Intersection(…)).
/// </summary>
[Collection(ApiTests.Name)]
public sealed class FootprintConflictTests(ApiFixture api)
{
    private const string Verify = " (its outline is indicative: verify).";

    [Fact]
    public async Task A_parcel_across_an_indicative_ecological_area_is_a_warning_to_verify_with_the_overlap_postgis_computes()
    {
        var (id, name, disc) = (await api.Database.RowsAsync($"""
            SELECT e.id, e.name_zh, ST_AsGeoJSON({Disc(FirstVertex("e.geom"), "100")}, 9)
            FROM ecological_areas e WHERE e.geometry_source = 'indicative' ORDER BY e.id LIMIT 1
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2)))).Single();
        var truth = await api.Database.OverlapM2Async(disc, "ecological_areas", id);
        var parcelM2 = await api.Database.AreaM2Async(disc);

        var report = await api.CheckAsync(disc);
        var reason = report.ReasonFor("ECOLOGICAL_OVERLAP", id);
        var overlap = report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("ecological_areas").Entry(id);

        Assert.InRange(truth / parcelM2, 0.2, 0.8); // the disc straddles the outline: a real intersection, not the whole parcel
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.EndsWith(Verify, reason.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.Contains(name, reason.GetProperty("message_zh").GetString(), StringComparison.Ordinal);
        Assert.Equal([1], reason.GetProperty("parcels").EnumerateArray().Select(p => p.GetInt32()));
        Assert.Equal(truth, overlap.SquareMetres(), 0.01);
        Assert.Equal(truth / parcelM2, overlap.GetProperty("share_of_parcel").GetDouble(), 1e-5);
        Assert.Equal("indicative", overlap.GetProperty("geometry_source").GetString());
        Assert.Contains(report.GetProperty("overlaps").GetProperty("features").EnumerateArray(), f =>
            f.GetProperty("properties").GetProperty("layer").GetString() == "ecological" && f.GetProperty("properties").GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_parcel_in_a_derived_ecological_area_fails()
    {
        var (id, disc) = (await api.Database.RowsAsync($"""
            SELECT e.id, ST_AsGeoJSON({Disc("ST_PointOnSurface(e.geom)", "100")}, 9)
            FROM ecological_areas e WHERE e.geometry_source <> 'indicative' ORDER BY e.id LIMIT 1
            """, r => (r.GetString(0), r.GetString(1)))).Single();
        var truth = await api.Database.OverlapM2Async(disc, "ecological_areas", id);

        var report = await api.CheckAsync(disc);
        var reason = report.ReasonFor("ECOLOGICAL_OVERLAP", id);

        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Equal("fail", reason.GetProperty("severity").GetString());
        Assert.DoesNotContain("verify", reason.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.True(truth > 30_000, $"a 100 m disc inside the area overlaps it by π·100² m², not {truth}");
        Assert.Equal(truth, report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("ecological_areas").Entry(id).SquareMetres(), 0.01);
    }

    [Fact]
    public async Task A_parcel_whose_only_conflict_is_a_planting_zone_is_a_warn_verdict_naming_the_zone_and_its_crops()
    {
        var (id, crops, disc) = await ZoneOnlySiteAsync(api.Database);
        var truth = await api.Database.OverlapM2Async(disc, "planting_zones", id);

        var report = await api.CheckAsync(disc);
        var reason = report.ReasonFor("ZONE_OVERLAP", id);

        Assert.Equal("warn", report.GetProperty("verdict").GetString());
        Assert.Equal("warn", report.GetProperty("parcels")[0].GetProperty("verdict").GetString());
        Assert.All(report.GetProperty("reasons").EnumerateArray(), r => Assert.Equal("warn", r.GetProperty("severity").GetString()));
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.Contains(string.Join("、", crops), reason.GetProperty("message_zh").GetString(), StringComparison.Ordinal);
        Assert.InRange(truth, 1_000, 30_000);
        Assert.Equal(truth, report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("planting_zones").Entry(id).SquareMetres(), 0.01);
    }

    /// <summary>
    /// A 60 m disc centred on the middle of a project's first edge, from which the project is cut away except for
    /// a disc of <paramref name="bite"/> m: the parcel borders the project and bites a half disc out of it.
    /// </summary>
    internal static async Task<(string Id, string GeoJson)> BiteIntoProjectAsync(TestDatabase database, double bite)
    {
        const string ring = "ST_ExteriorRing(ST_GeometryN(p.geom, 1))";
        var sites = await database.RowsAsync($"""
            SELECT p.id, ST_AsGeoJSON(ST_Difference({Disc("m.b", "60")}, ST_Difference(p.geom, {Disc("m.b", "$1")})), 9)
            FROM projects p
            CROSS JOIN LATERAL (SELECT ST_LineInterpolatePoint(ST_MakeLine(ST_PointN({ring}, 1), ST_PointN({ring}, 2)), 0.5) AS b) m
            WHERE p.geometry_source = 'indicative' ORDER BY p.id LIMIT 1
            """, r => (r.GetString(0), r.GetString(1)), bite);
        return Assert.Single(sites);
    }

    [Fact]
    public async Task A_parcel_taking_more_than_a_tenth_of_itself_from_an_indicative_project_is_a_project_overlap_to_verify()
    {
        var (id, parcel) = await BiteIntoProjectAsync(api.Database, 40);
        var truth = await api.Database.OverlapM2Async(parcel, "projects", id);
        var share = truth / await api.Database.AreaM2Async(parcel);

        var report = await api.CheckAsync(parcel);
        var reason = report.ReasonFor("PROJECT_OVERLAP", id);
        var overlap = report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("projects").Entry(id);

        Assert.InRange(share, 0.1, 0.5);
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.EndsWith(Verify, reason.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"({share * 100:0.#} % of the parcel)"), reason.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.Equal(truth, overlap.SquareMetres(), 0.01);
        Assert.Equal(share, overlap.GetProperty("share_of_parcel").GetDouble(), 1e-5);
        Assert.False(report.HasReason("PROJECT_OVERLAP_MINOR", id));
    }

    [Fact]
    public async Task A_parcel_taking_under_a_tenth_of_itself_and_of_the_project_is_a_minor_project_overlap()
    {
        var (id, parcel) = await BiteIntoProjectAsync(api.Database, 8);
        var truth = await api.Database.OverlapM2Async(parcel, "projects", id);
        var ofProject = truth / await api.Database.ScalarAsync<double>("SELECT area_m2 FROM projects WHERE id = $1", id);
        var ofParcel = truth / await api.Database.AreaM2Async(parcel);

        var report = await api.CheckAsync(parcel);
        var reason = report.ReasonFor("PROJECT_OVERLAP_MINOR", id);
        var overlap = report.GetProperty("parcels")[0].GetProperty("conflicts").GetProperty("projects").Entry(id);

        Assert.InRange(ofParcel, 0.001, 0.1);
        Assert.InRange(ofProject, 0.001, 0.1);
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.Equal(truth, overlap.SquareMetres(), 0.01);
        Assert.Equal(ofProject, overlap.GetProperty("share_of_feature").GetDouble(), 1e-5);
        Assert.False(report.HasReason("PROJECT_OVERLAP", id));
    }

    private async Task<(string Id, string Straddling, string Inside)> ParkAsync() => (await api.Database.RowsAsync($"""
        SELECT k.id, ST_AsGeoJSON(s.g, 9), ST_AsGeoJSON({Disc("ST_PointOnSurface(k.geom)", "50")}, 9) FROM industrial_parks k
        CROSS JOIN LATERAL (SELECT {Disc(FirstVertex("k.geom"), "100")} AS g) s
        WHERE NOT EXISTS (SELECT 1 FROM industrial_parks o WHERE o.id <> k.id AND ST_Intersects(o.geom, s.g))
        ORDER BY k.id LIMIT 1
        """, r => (r.GetString(0), r.GetString(1), r.GetString(2)))).Single();

    [Fact]
    public async Task An_industrial_parcel_across_a_park_outline_is_partly_outside_the_park_by_the_share_postgis_computes()
    {
        var (id, straddling, _) = await ParkAsync();
        var share = await api.Database.OverlapM2Async(straddling, "industrial_parks", id) / await api.Database.AreaM2Async(straddling);

        var report = await api.CheckAsync(straddling, "?sector=biomedicine");
        var reason = report.ReasonFor("PARTLY_OUTSIDE_PARK", id);
        var parcel = report.GetProperty("parcels")[0];

        Assert.InRange(share, 0.1, 0.9);
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Only {share * 100:0.#} %"), reason.GetProperty("message_en").GetString(), StringComparison.Ordinal);
        Assert.Equal(share, parcel.GetProperty("parks").Entry(id).GetProperty("share_of_parcel").GetDouble(), 1e-5);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, parcel.GetProperty("inside_park").ValueKind);
        Assert.DoesNotContain("OUTSIDE_PARKS", report.Codes());
    }

    [Fact]
    public async Task An_industrial_parcel_inside_a_park_lies_in_it_with_no_park_reason()
    {
        var (id, _, inside) = await ParkAsync();

        var report = await api.CheckAsync(inside, "?sector=biomedicine");
        var parcel = report.GetProperty("parcels")[0];

        Assert.Equal(id, parcel.GetProperty("inside_park").GetString());
        Assert.Equal(1.0, parcel.GetProperty("parks").Entry(id).GetProperty("share_of_parcel").GetDouble(), 1e-4);
        Assert.DoesNotContain("PARTLY_OUTSIDE_PARK", report.Codes());
        Assert.DoesNotContain("OUTSIDE_PARKS", report.Codes());
    }

    [Fact]
    public async Task A_parcel_outside_every_park_is_warned_for_an_industrial_sector_and_passes_for_agriculture()
    {
        var clean = (await api.Database.RowsAsync($"""
            SELECT ST_AsGeoJSON(g, 9) FROM (SELECT {Disc("ST_SetSRID(ST_Point(131.60, 45.75), 4490)", "100")} AS g) x
            WHERE NOT EXISTS (SELECT 1 FROM industrial_parks k WHERE ST_Intersects(k.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM planting_zones z WHERE ST_Intersects(z.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM projects p WHERE ST_Intersects(p.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM ecological_areas e WHERE ST_Intersects(e.geom, x.g))
              AND NOT EXISTS (SELECT 1 FROM water_bodies w WHERE ST_Intersects(w.geom, x.g))
            """, r => r.GetString(0))).Single();

        var industrial = await api.CheckAsync(clean, "?sector=bio_energy");
        var agricultural = await api.CheckAsync(clean, "?sector=bio_agriculture");

        var reason = Assert.Single(industrial.GetProperty("reasons").EnumerateArray());
        Assert.Equal("OUTSIDE_PARKS", reason.GetProperty("code").GetString());
        Assert.Equal("warn", reason.GetProperty("severity").GetString());
        Assert.Equal("warn", industrial.GetProperty("verdict").GetString());
        Assert.Empty(agricultural.GetProperty("reasons").EnumerateArray());
        Assert.Equal("pass", agricultural.GetProperty("verdict").GetString());
    }
}

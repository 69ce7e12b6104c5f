using System.Globalization;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>
/// The sliver tolerance (default 1 m²): an overlap up to it is listed as a sliver, beyond it is a conflict.
/// The overlaps are half discs PostGIS bites out of a project (see <see cref="FootprintConflictTests.BiteIntoProjectAsync"/>):
/// a 32-gon half disc of radius r has 8·sin(π/16)·r² ≈ 1.5607·r² m², so r = 0.7594 m gives ≈ 0.90 m², r = 0.8395 m ≈ 1.10 m².
/// </summary>
[Collection(ApiTests.Name)]
public sealed class FootprintToleranceTests(ApiFixture api)
{
    private const double JustUnder = 0.7594, JustOver = 0.8395;

    private static JsonElement Parcel(JsonElement report) => report.GetProperty("parcels")[0];
    private static JsonElement Projects(JsonElement report) => Parcel(report).GetProperty("conflicts").GetProperty("projects");
    private static JsonElement Slivers(JsonElement report) => Parcel(report).GetProperty("slivers");

    private async Task<(string Id, string Parcel, double Truth)> BiteAsync(double radius)
    {
        var (id, parcel) = await FootprintConflictTests.BiteIntoProjectAsync(api.Database, radius);
        return (id, parcel, await api.Database.OverlapM2Async(parcel, "projects", id));
    }

    [Fact]
    public async Task An_overlap_just_under_1_m2_is_a_sliver_listed_with_its_area_and_no_conflict()
    {
        var (id, parcel, truth) = await BiteAsync(JustUnder);

        var report = await api.CheckAsync(parcel);

        Assert.InRange(truth, 0.85, 0.99);
        Assert.Equal(1.0, report.GetProperty("tolerance_m2").GetDouble());
        Assert.Equal(Math.Round(truth, 2), Slivers(report).Entry(id).SquareMetres(), 0.005);
        Assert.False(Projects(report).Lists(id));
        Assert.False(report.HasReason("PROJECT_OVERLAP", id) || report.HasReason("PROJECT_OVERLAP_MINOR", id));
        Assert.DoesNotContain(report.GetProperty("overlaps").GetProperty("features").EnumerateArray(),
            f => f.GetProperty("properties").GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task An_overlap_just_over_1_m2_is_a_minor_project_conflict()
    {
        var (id, parcel, truth) = await BiteAsync(JustOver);

        var report = await api.CheckAsync(parcel);

        Assert.InRange(truth, 1.01, 1.2);
        Assert.Equal(Math.Round(truth, 2), Projects(report).Entry(id).SquareMetres(), 0.005);
        Assert.False(Slivers(report).Lists(id));
        Assert.Equal("warn", report.ReasonFor("PROJECT_OVERLAP_MINOR", id).GetProperty("severity").GetString());
    }

    [Fact]
    public async Task The_tolerance_parameter_moves_the_boundary_both_ways()
    {
        var (id, under, _) = await BiteAsync(JustUnder);
        var (_, over, _) = await BiteAsync(JustOver);

        var strict = await api.CheckAsync(under, "?tolerance=0.5");
        var lenient = await api.CheckAsync(over, "?tolerance=2");

        Assert.Equal(0.5, strict.GetProperty("tolerance_m2").GetDouble());
        Assert.True(Projects(strict).Lists(id));
        Assert.True(strict.HasReason("PROJECT_OVERLAP_MINOR", id));
        Assert.Equal(2.0, lenient.GetProperty("tolerance_m2").GetDouble());
        Assert.True(Slivers(lenient).Lists(id));
        Assert.False(lenient.HasReason("PROJECT_OVERLAP_MINOR", id));
    }

    [Fact]
    public async Task An_overlap_of_exactly_the_tolerance_is_a_sliver_and_a_hundredth_of_a_m2_less_makes_it_a_conflict()
    {
        // Areas are compared as reported, in m² to 2 decimals (AreaUnits.Describe), so the tolerance can equal one.
        var (id, parcel, truth) = await BiteAsync(JustOver);
        var reported = Math.Round(truth, 2, MidpointRounding.AwayFromZero);

        var atTolerance = await api.CheckAsync(parcel, string.Create(CultureInfo.InvariantCulture, $"?tolerance={reported}"));
        var belowIt = await api.CheckAsync(parcel, string.Create(CultureInfo.InvariantCulture, $"?tolerance={Math.Round(reported - 0.01, 2)}"));

        Assert.Equal(reported, Slivers(atTolerance).Entry(id).SquareMetres());
        Assert.False(Projects(atTolerance).Lists(id));
        Assert.Equal(reported, Projects(belowIt).Entry(id).SquareMetres());
        Assert.False(Slivers(belowIt).Lists(id));
    }
}

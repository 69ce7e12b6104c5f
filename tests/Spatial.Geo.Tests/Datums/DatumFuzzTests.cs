// Property-based fuzzing of the pure CRS identification and the parameter parsers: a hostile .prj or
// parameter text is identified, parsed or refused with a reason, never an exception, and quickly.
// SPATIAL_FUZZ_ITERATIONS sets the cases (see Fuzz/GeoParserFuzzTests.cs).
using System.Diagnostics;
using CsCheck;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Geo.Tests.Datums;

public sealed class DatumFuzzTests
{
    private static readonly string[] Prjs = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "prj"), "*.prj").Select(File.ReadAllText).ToArray();

    private static readonly Gen<string> Wkt = Gen.Frequency(
        (6, Gen.Int[0, Prjs.Length - 1].Select(i => Prjs[i]).Mutate()),
        (1, Gen.Int[1, 200].Select(depth => string.Concat(Enumerable.Repeat("PROJCS[\"a\",", depth)))),
        (1, Hostile.Text));

    [Fact]
    public void A_mutated_prj_is_a_supported_crs_or_a_reason_never_an_exception()
    {
        Wkt.Sample(wkt =>
        {
            var clock = Stopwatch.StartNew();
            var crs = CrsIdentification.FromWkt(wkt, out var reason);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), Hostile.Show(wkt));
            Assert.True(crs is null != (reason is null), $"{crs} / {reason}");
            if (crs is not null) Assert.Equal(crs, SourceCrs.FromEpsg(crs.Srid));
        }, iter: Hostile.Iterations(2000), print: Hostile.Show);
    }

    [Fact]
    public void Parameter_texts_are_finite_values_within_limits_or_a_reason()
    {
        var numbers = from n in Gen.Int[0, 9]
                      from values in Gen.Frequency((3, Gen.Double[-1200, 1200].Select(Hostile.Format)), (2, Hostile.NumberText), (1, Hostile.Text)).Array[n]
                      select string.Join(',', values);
        numbers.SometimesMutate().Sample(text =>
        {
            var seven = BursaWolf.Parse(text, RotationConvention.CoordinateFrame, out var sevenReason);
            Assert.True(seven is null != (sevenReason is null));
            if (seven is not null)
                Assert.All(new[] { seven.Dx, seven.Dy, seven.Dz, seven.Rx, seven.Ry, seven.Rz, seven.ScalePpm }, v => Assert.True(double.IsFinite(v) && Math.Abs(v) <= 1000));
            var four = PlaneSimilarity.Parse(text, out var fourReason);
            Assert.True(four is null != (fourReason is null));
            if (four is not null) Assert.True(Math.Abs(four.RotationArcsec) <= 60);
        }, iter: Hostile.Iterations(2000), print: Hostile.Show);
    }
}

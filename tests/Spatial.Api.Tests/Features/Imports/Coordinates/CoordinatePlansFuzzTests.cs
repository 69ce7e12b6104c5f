// Property-based fuzzing of the coordinate parameters of an import (no database, no tools): whatever the
// client sends as crs, seven_parameters, rotation_convention and four_parameters, with whatever CRS the file
// declares, Resolve answers with a plan or a 400 naming one of those parameters, and never throws.
// SPATIAL_FUZZ_ITERATIONS sets the cases (see tests/Spatial.Geo.Tests/Fuzz/GeoParserFuzzTests.cs).
using System.Globalization;
using CsCheck;
using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Features.Imports.Coordinates;

public sealed class CoordinatePlansFuzzTests
{
    private static readonly string[] Prjs = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "prj"), "*.prj").Select(File.ReadAllText).ToArray();

    private static readonly Gen<int> Code = Gen.Frequency(
        (4, Gen.OneOfConst(4490, 4326, 4532, 4553, 4610, 4214, 2368, 2389, 2420, 21463, 2327, 4512)),
        (2, Gen.Int[2320, 2450]), (2, Gen.Int[4480, 4560]), (1, Gen.Int[21400, 21470]), (1, Gen.Int));

    private static readonly Gen<string> Crs = Gen.Frequency(
        (4, Code.Select(c => "EPSG:" + c.ToString(CultureInfo.InvariantCulture))),
        (1, Code.Select(c => "http://www.opengis.net/def/crs/EPSG/0/" + c.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOfConst("OGC:CRS84", "[EPSG:4490]", "urn:ogc:def:crs:EPSG::2368", "EPSG:", "EPSG:-1", "EPSG:99999999999")),
        (1, Hostile.Text));

    private static Gen<string> Numbers(int count) =>
        from n in Gen.Frequency((6, Gen.Const(count)), (1, Gen.Int[0, count + 2]))
        from values in Gen.Frequency((3, Gen.Double[-70, 70].Select(Hostile.Format)), (1, Hostile.NumberText)).Array[n]
        select string.Join(',', values);

    private static Gen<string?> Sometimes(Gen<string> gen) => Gen.Frequency((1, Gen.Const((string?)null)), (2, gen.SometimesMutate().Select(s => (string?)s)));

    private static readonly Gen<DeclaredCrs> Declared = Gen.Frequency(
        (2, Code.Select(c => DeclaredCrs.FromEpsg(c))),
        (3, Gen.Int[0, Prjs.Length - 1].SelectMany(i => Gen.Const(Prjs[i]).SometimesMutate()).Select(w => DeclaredCrs.FromWkt(w))),
        (1, Gen.Const(DeclaredCrs.None)),
        (1, Gen.Const(DeclaredCrs.Crs84())),
        (1, from system in Gen.OneOfConst("80国家大地坐标系", "54北京坐标系", "2000国家大地坐标系", "").SometimesMutate()
            from width in Gen.OneOfConst("3", "6", "", "9")
            from zone in Gen.Int[-1, 50]
            from prefixed in Gen.Bool
            select DeclaredCrs.FromTxtHeader(new Dictionary<string, string> { ["坐标系"] = system, ["几度分带"] = width }, zone, prefixed)));

    private static readonly Gen<CoordinateParameters> Parameters =
        from crs in Gen.Frequency((2, Gen.Const((string?)null)), (1, Crs.Select(s => (string?)s)))
        from seven in Sometimes(Numbers(7))
        from convention in Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.OneOfConst<string?>("position_vector", "coordinate_frame")), (1, Hostile.Text.Select(s => (string?)s)))
        from four in Gen.Frequency((2, Gen.Const((string?)null)), (1, Sometimes(Numbers(4))))
        select new CoordinateParameters(crs, seven, convention, four);

    [Fact]
    public void Any_parameters_with_any_declared_crs_give_a_plan_or_a_problem_naming_a_coordinate_parameter()
    {
        var (plans, refusals) = (0, 0);
        Gen.Select(Parameters, Declared).Sample((parameters, declared) =>
        {
            var resolution = CoordinatePlans.Resolve(parameters, declared);
            if (!resolution.Planned)
            {
                Interlocked.Increment(ref refusals);
                Assert.Null(resolution.Plan);
                Assert.Contains(resolution.Error.Parameter, CoordinateParameters.Names);
                Assert.False(string.IsNullOrWhiteSpace(resolution.Error.Reason));
                return;
            }
            Interlocked.Increment(ref plans);
            var plan = resolution.Plan;
            Assert.NotEmpty(plan.Ogr2OgrArguments);
            Assert.All(plan.Ogr2OgrArguments, a => Assert.DoesNotContain("NaN", a, StringComparison.Ordinal));
            Assert.Equal(plan.Source.Epsg, plan.Record["source_crs"]!.GetValue<string>());
            Assert.Equal(Spatial.Geo.GeodeticDatums.IsLegacy(plan.Source.Datum), plan.Transformation != DatumTransformation.None);
            if (plan.Adjustment is { Affine: var a })
                Assert.All(new[] { a.A, a.B, a.D, a.E, a.XOff, a.YOff }, v => Assert.True(double.IsFinite(v)));
        }, iter: Hostile.Iterations(3000), print: t => $"{t.Item1} with {t.Item2}");
        Assert.True(plans > 0 && refusals > 0, $"the generators reach both outcomes: {plans} plans, {refusals} refusals");
    }
}

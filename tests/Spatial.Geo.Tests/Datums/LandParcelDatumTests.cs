// Property-based tests of the land-parcel TXT's 坐标系: which datum a header names, whatever words surround the name,
// and that the datum changes a file's CRS and nothing else. SPATIAL_FUZZ_ITERATIONS sets the cases (see Fuzz/GeoParserFuzzTests.cs).
using CsCheck;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Geo.Tests.Datums;

public sealed class LandParcelDatumTests
{
    private const string Cgcs2000Line = "坐标系=2000国家大地坐标系";

    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    private sealed record Named(string Spelling, GeodeticDatum Datum);

    /// <summary>How surveying software spells each datum in 坐标系=.</summary>
    private static readonly Named[] Spellings =
    [
        new("2000国家大地坐标系", GeodeticDatum.Cgcs2000), new("CGCS2000", GeodeticDatum.Cgcs2000), new("国家2000坐标系", GeodeticDatum.Cgcs2000),
        new("80国家大地坐标系", GeodeticDatum.Xian1980), new("1980西安坐标系", GeodeticDatum.Xian1980), new("西安80", GeodeticDatum.Xian1980), new("Xian 1980", GeodeticDatum.Xian1980),
        new("54北京坐标系", GeodeticDatum.Beijing1954), new("1954年北京坐标系", GeodeticDatum.Beijing1954), new("北京54", GeodeticDatum.Beijing1954), new("Beijing 1954", GeodeticDatum.Beijing1954),
    ];

    private static readonly Gen<Named> Spelling = Gen.Int[0, Spellings.Length - 1].Select(i => Spellings[i]);

    /// <summary>Words that name no datum: no 2000, 80, 54, 西安, 北京, Xian, Beijing, CGCS can be spelt from these characters.</summary>
    private static readonly Gen<string> Words = Gen.OneOf(Gen.OneOfConst('国', '家', '大', '地', '坐', '标', '系', '年', '版', '（', '）', '(', ')', ' ', '-', '_', '1', '3', '7', '9'),
        Gen.OneOfConst('a', 'd', 'f', 'h', 'k', 'm', 'o', 'p', 'r', 't', 'u', 'v', 'w', 'z', 'A', 'D', 'F', 'H', 'K', 'M', 'O', 'P', 'R', 'T', 'U', 'V', 'W', 'Z'))
        .Array[0, 8].Select(chars => new string(chars));

    private static LandParcelFile WithSystem(string text, string system) => LandParcelTxt.Parse(text.Replace(Cgcs2000Line, "坐标系=" + system, StringComparison.Ordinal));

    [Fact]
    public void A_coordinate_system_naming_one_datum_among_other_words_is_that_datum_and_one_naming_none_is_refused_naming_the_field()
    {
        Gen.Select(Words, Gen.Frequency((4, Spelling.Select(s => (Named?)s)), (1, Gen.Const((Named?)null))), Words)
            .Sample((before, named, after) =>
            {
                var system = before + named?.Spelling + after;
                if (named is { } expected)
                {
                    var file = WithSystem(Example, system);
                    Assert.Equal(expected.Datum, file.Datum);
                    Assert.Equal(new GaussKrugerPlane(3, 44, true).Srid(expected.Datum), file.Srid);
                    Assert.Equal(file.Srid, CrsIdentification.FromTxtHeader(file.Header, file.Zone.Zone, file.Prefixed, out var reason)?.Srid);
                    Assert.Null(reason);
                }
                else
                {
                    var error = Assert.Throws<LandParcelFormatException>(() => { WithSystem(Example, system); });
                    Assert.Equal("坐标系", error.Field);
                    Assert.Null(CrsIdentification.FromTxtHeader(new Dictionary<string, string> { ["坐标系"] = system }, 44, true, out _));
                }
            }, iter: Hostile.Iterations(2000), print: t => Hostile.Show(t.Item1 + t.Item2?.Spelling + t.Item3));
    }

    [Fact]
    public void Naming_a_legacy_datum_changes_a_files_crs_and_nothing_else()
    {
        Gen.Select(BodyGen.LandParcelTxt().Where(t => t.Contains(Cgcs2000Line, StringComparison.Ordinal)),
                Spelling.Where(s => s.Datum.IsLegacy()))
            .Sample((text, legacy) =>
            {
                var (cgcs, cgcsError) = Outcome(() => LandParcelTxt.Parse(text));
                var (relabelled, relabelledError) = Outcome(() => WithSystem(text, legacy.Spelling));
                Assert.Equal(cgcsError, relabelledError);
                if (cgcs is null || relabelled is null) return;
                Assert.Equal((GeodeticDatum.Cgcs2000, legacy.Datum), (cgcs.Datum, relabelled.Datum));
                Assert.Equal((cgcs.Zone, cgcs.Prefixed), (relabelled.Zone, relabelled.Prefixed));
                Assert.Equal(new GaussKrugerPlane(3, cgcs.Zone.Zone, cgcs.Prefixed).Srid(legacy.Datum), relabelled.Srid);
                Assert.Equal(cgcs.Parcels.Count, relabelled.Parcels.Count);
                for (var i = 0; i < cgcs.Parcels.Count; i++)
                {
                    var (a, aError) = Outcome(() => ParcelOutlines.Build(cgcs.Parcels[i], cgcs).Plane);
                    var (b, bError) = Outcome(() => ParcelOutlines.Build(relabelled.Parcels[i], relabelled).Plane);
                    Assert.Equal(aError, bError);
                    Assert.Equal(cgcs.Parcels[i].Rings.SelectMany(r => r.Points), relabelled.Parcels[i].Rings.SelectMany(r => r.Points));
                    if (a is not null) Assert.True(a.EqualsExact(b!), $"{a} ≠ {b}");
                }
            }, iter: Hostile.Iterations(1000), print: t => Hostile.Show(t.Item1) + " as " + t.Item2.Spelling);
    }

    private static (T? Value, string? Error) Outcome<T>(Func<T> read) where T : class
    {
        try
        {
            return (read(), null);
        }
        catch (LandParcelFormatException e)
        {
            return (null, e.Message);
        }
    }
}

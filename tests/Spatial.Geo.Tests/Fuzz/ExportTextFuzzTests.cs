// Property-based tests of what the exports write for other programs: shapefile field names (dBase's rules)
// and text in GBK. SPATIAL_FUZZ_ITERATIONS sets the cases per property (see GeoParserFuzzTests.cs).
using System.Text;
using CsCheck;

namespace Spatial.Geo.Tests.Fuzz;

public sealed class ExportTextFuzzTests
{
    private static readonly Gen<string> Name = Gen.Frequency(
        (3, Gen.OneOfConst("id", "name_zh", "county_name_zh", "county_name_en", "investment_cny", "land_area_m2", "building_area_m2", "area_m2",
            "geometry_source", "location_note", "created_at", "updated_at", "a_b_c_d_e_f_g_h", "x")),
        (2, Gen.Char['a', 'z'].Array[1, 20].Select(c => new string(c))),
        (2, Gen.OneOf(Gen.Char['a', 'z'], Gen.Const('_'), Gen.Char['0', '9'], Gen.Char['A', 'Z']).Array[0, 24].Select(c => new string(c))),
        (1, Hostile.Text));

    [Fact]
    public void Shapefile_field_names_fit_dbase_and_never_clash_whatever_the_names()
    {
        Name.List[0, 40].Sample(names =>
        {
            var fields = ShapefileFieldNames.For(names);

            Assert.Equal(names.Count, fields.Count);
            Assert.All(fields, f =>
            {
                Assert.InRange(Encoding.UTF8.GetByteCount(f), 1, ShapefileFieldNames.MaxBytes);
                Assert.True(char.IsAsciiLetter(f[0]), f);
                Assert.All(f, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c == '_', f));
            });
            Assert.Equal(fields.Count, fields.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(fields, ShapefileFieldNames.For(names));
            for (var i = 0; i < names.Count; i++)
                if (names[i].Length <= ShapefileFieldNames.MaxBytes && names[i].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && names[i].Length > 0
                    && char.IsAsciiLetter(names[i][0]) && names[i][^1] != '_' && !names.Take(i).Contains(names[i], StringComparer.OrdinalIgnoreCase)
                    && !fields.Take(i).Contains(names[i], StringComparer.OrdinalIgnoreCase))
                    Assert.Equal(names[i], fields[i]);
        }, iter: Hostile.Iterations(2000), print: n => string.Join(" | ", n.Select(Hostile.Show)));
    }

    [Fact]
    public void Text_fitted_to_gbk_round_trips_through_gbk_and_keeps_every_character_gbk_has()
    {
        Gen.Frequency((3, Hostile.Text), (1, Gen.Char.Array[0, 30].Select(c => new string(c))), (1, Gen.OneOfConst("m²", "面积１５００m²", "🌾水稻", "ﬁ½")))
            .Sample(text =>
            {
                var (fitted, lost) = GbkText.Fit(text);

                Assert.Equal(fitted, TextDecoding.Gb18030.GetString(GbkText.Strict.GetBytes(fitted)));
                Assert.InRange(lost, 0, fitted.Count(c => c == '?'));
                if (lost == 0 && fitted == text) return;
                // Only what GBK lacks changes: every character that survives in place is the input's.
                Assert.True(text.EnumerateRunes().Any(r => !Encodable(r)), Hostile.Show(text));
            }, iter: Hostile.Iterations(2000), print: Hostile.Show);
    }

    private static bool Encodable(Rune rune)
    {
        try
        {
            return TextDecoding.Gb18030.GetString(GbkText.Strict.GetBytes(rune.ToString())) == rune.ToString();
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}

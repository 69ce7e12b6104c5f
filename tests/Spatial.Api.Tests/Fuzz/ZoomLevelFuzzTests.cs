// Property-based test of zoom-level, Spatial's extension of /items for maps. SPATIAL_FUZZ_ITERATIONS sets the cases.
using System.Globalization;
using CsCheck;
using Spatial.Api.Features.Collections;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

public sealed class ZoomLevelFuzzTests
{
    private static readonly Gen<string> ZoomLevel = Gen.Frequency(
        (4, Gen.Int[0, ItemsRequest.MaxZoomLevel].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOfConst("25", "-0", "+8", "8.0", "8.5", "1e1", "0x10", " 8", "8 ", "١", "08", "00000000000000000024", "99999999999999999999", "8,9", "")),
        (1, Hostile.Text));

    [Fact]
    public void A_zoom_level_is_the_whole_number_from_0_to_24_it_spells_or_an_error_naming_zoom_level()
    {
        ZoomLevel.Sample(value =>
        {
            var error = ItemsRequest.ParseZoomLevel(value, out var zoom);
            var spelled = value.Length > 0 && value.All(char.IsAsciiDigit)
                          && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ItemsRequest.MaxZoomLevel;
            Assert.True(spelled == error is null, $"{Hostile.Show(value)} → {error?.Reason ?? zoom?.ToString(CultureInfo.InvariantCulture)}");
            if (error is null) Assert.Equal(int.Parse(value, CultureInfo.InvariantCulture), zoom);
            else
            {
                Assert.Equal(("zoom-level", (int?)null), (error.Parameter, zoom));
                Assert.Contains("from 0 to 24", error.Reason, StringComparison.Ordinal);
            }
        }, iter: Hostile.Iterations(3000), print: Hostile.Show);
    }

    [Fact]
    public void An_absent_zoom_level_is_no_generalisation_and_no_error()
    {
        Assert.Null(ItemsRequest.ParseZoomLevel(null, out var zoom));
        Assert.Null(zoom);
    }
}

using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class AreaUnitsTests
{
    [Fact]
    public void One_square_kilometre_is_exactly_1500_mu_and_100_hectares()
    {
        Assert.Equal(1500, AreaUnits.ToMu(1_000_000));
        Assert.Equal(100, AreaUnits.ToHectares(1_000_000));
    }

    [Fact]
    public void One_mu_is_ten_thousand_fifteenths_of_a_square_metre_not_666_67()
    {
        Assert.Equal(10_000.0 / 15, AreaUnits.FromMu(1), precision: 12);
        Assert.NotEqual(666.67, AreaUnits.FromMu(1));
        Assert.Equal(15, AreaUnits.ToMu(AreaUnits.FromHectares(1)), precision: 12);
    }

    [Fact]
    public void Output_rounds_hectares_to_4_decimals_and_mu_to_2()
    {
        var area = AreaUnits.Describe(53_419.123);

        Assert.Equal(53_419.12, area.SquareMetres);
        Assert.Equal(5.3419, area.Hectares);
        Assert.Equal(80.13, area.Mu);
    }
}

namespace Spatial.Geo.Tests;

public sealed class ShapefileFieldNamesTests
{
    [Fact]
    public void Names_that_fit_are_kept_and_long_ones_lose_letters_from_their_longest_word()
    {
        var fields = ShapefileFieldNames.For(["id", "name_zh", "created_at", "investment_cny", "building_area_m2", "geometry_source"]);

        Assert.Equal(["id", "name_zh", "created_at", "invest_cny", "bui_are_m2", "geom_sourc"], fields);
    }

    [Fact]
    public void Two_names_that_shorten_alike_get_a_number_instead_of_clashing()
    {
        var fields = ShapefileFieldNames.For(["county_name_zh", "county_name_zh_", "County_Name_Zh"]);

        Assert.Equal(["cou_nam_zh", "cou_nam_2", "Cou_Nam_3"], fields);
    }

    [Fact]
    public void A_name_dbase_cannot_hold_becomes_letters_digits_and_underscores_beginning_with_a_letter()
    {
        var fields = ShapefileFieldNames.For(["面积", "2nd-area", ""]);

        Assert.Equal(["field", "f2nd_area", "field_2"], fields);
    }
}

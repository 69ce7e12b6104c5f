using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Api.Http;

namespace Spatial.Api.Tests.Features.Imports.Coordinates;

/// <summary>What <see cref="CoordinatePlans.Resolve(CoordinateParameters, DeclaredCrs)"/> decides, and the words of each refusal.</summary>
public sealed class CoordinatePlansTests
{
    private const string Seven = "23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2";

    private static readonly DeclaredCrs XianPrj = DeclaredCrs.FromWkt(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "prj", "Xian_1980_3_Degree_GK_Zone_44.prj")));

    private static ParameterError Refused(CoordinateParameters parameters, DeclaredCrs declared)
    {
        var resolution = CoordinatePlans.Resolve(parameters, declared);
        Assert.False(resolution.Planned, "expected a refusal");
        return resolution.Error;
    }

    private static CoordinatePlan Planned(CoordinateParameters parameters, DeclaredCrs declared) => PlanRuns.Planned(parameters, declared);

    [Theory]
    [InlineData(2368)]
    [InlineData(2389)]
    [InlineData(2327)]
    [InlineData(4610)]
    [InlineData(4214)]
    [InlineData(2420)]
    [InlineData(21463)]
    public void A_legacy_crs_without_parameters_is_refused_naming_every_parameter_it_needs_and_their_form(int epsg)
    {
        var error = Refused(CoordinateParameters.None, DeclaredCrs.FromEpsg(epsg));

        Assert.Equal("seven_parameters", error.Parameter);
        Assert.Contains($"EPSG:{epsg}", error.Reason, StringComparison.Ordinal);
        Assert.Contains("seven_parameters=dx,dy,dz,rx,ry,rz,ds (metres, metres, metres, arc-seconds ×3, ppm", error.Reason, StringComparison.Ordinal);
        Assert.Contains("rotation_convention=position_vector|coordinate_frame", error.Reason, StringComparison.Ordinal);
        Assert.Contains("four_parameters=dx,dy,rotation,ds", error.Reason, StringComparison.Ordinal);
        Assert.Contains("X = north, Y = east", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_is_a_400_problem_naming_the_parameter()
    {
        var problem = Problems.BadParameter(Refused(CoordinateParameters.None, XianPrj));

        Assert.Equal(400, problem.StatusCode);
        Assert.StartsWith("seven_parameters: EPSG:2368 (西安1980", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Equal("seven_parameters", problem.ProblemDetails.Extensions["parameter"]);
    }

    [Fact]
    public void Seven_parameters_without_a_rotation_convention_are_refused_because_the_sign_of_the_rotations_is_unknown()
    {
        var error = Refused(new(null, Seven, null, null), XianPrj);

        Assert.Equal("rotation_convention", error.Parameter);
        Assert.Contains("position_vector", error.Reason, StringComparison.Ordinal);
        Assert.Contains("coordinate_frame", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Seven, "frame", null, "rotation_convention", "'frame' is neither position_vector nor coordinate_frame")]
    [InlineData("23.5,-118.2,-45.7,0.85,-1.32,2.47", "position_vector", null, "seven_parameters", "found 6")]
    [InlineData("23.5,-118.2,1200,0.85,-1.32,2.47,-3.2", "position_vector", null, "seven_parameters", "dz = 1200 m is outside ±1000 m")]
    [InlineData(null, null, "1,2,3", "four_parameters", "found 3")]
    [InlineData(null, null, "1,2,75,3", "four_parameters", "rotation = 75 ″ is outside ±60 ″")]
    [InlineData(Seven, "position_vector", "1,2,3,4", "four_parameters", "either seven_parameters")]
    [InlineData(null, "position_vector", "1,2,3,4", "rotation_convention", "applies to seven_parameters")]
    public void Wrong_parameters_are_refused_naming_the_parameter_and_the_value(string? seven, string? convention, string? four, string parameter, string reason)
    {
        var error = Refused(new(null, seven, convention, four), XianPrj);

        Assert.Equal(parameter, error.Parameter);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_parameters_need_a_plane_and_a_geographic_file_is_pointed_to_seven_parameters()
    {
        var error = Refused(new(null, null, null, "1,2,3,4"), DeclaredCrs.FromEpsg(4610));

        Assert.Equal("four_parameters", error.Parameter);
        Assert.Contains("use seven_parameters", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seven_parameters", Seven, "position_vector", null)]
    [InlineData("four_parameters", null, null, "1,2,3,4")]
    [InlineData("rotation_convention", null, "coordinate_frame", null)]
    public void Parameters_given_for_a_cgcs2000_file_are_refused_rather_than_ignored(string parameter, string? seven, string? convention, string? four)
    {
        var error = Refused(new(null, seven, convention, four), DeclaredCrs.FromEpsg(4532));

        Assert.Equal(parameter, error.Parameter);
        Assert.Contains("only for 西安1980 and 北京1954", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_crs_is_refused_asking_for_crs()
    {
        var error = Refused(CoordinateParameters.None, DeclaredCrs.None);

        Assert.Equal("crs", error.Parameter);
        Assert.Contains("states no CRS", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unrecognised_prj_is_refused_with_the_reason_and_a_crs_parameter_fills_in()
    {
        var utm = DeclaredCrs.FromWkt("""PROJCS["WGS_1984_UTM_Zone_52N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",129.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""");

        var error = Refused(CoordinateParameters.None, utm);

        Assert.Equal("crs", error.Parameter);
        Assert.Contains("WGS_1984_UTM_Zone_52N", error.Reason, StringComparison.Ordinal);
        Assert.Equal(4532, Planned(new("EPSG:4532", null, null, null), utm).Source.Srid);
    }

    [Theory]
    [InlineData("EPSG:32652")]
    [InlineData("EPSG:4549x")]
    [InlineData("4532x")]
    [InlineData("")]
    public void A_crs_parameter_outside_the_supported_series_is_refused_listing_them(string crs)
    {
        var error = Refused(new(crs, null, null, null), DeclaredCrs.FromEpsg(4490));

        Assert.Equal("crs", error.Parameter);
        Assert.Contains("EPSG:4490 (CGCS2000)", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4532")]
    [InlineData("EPSG:4532")]
    [InlineData("[EPSG:4532]")]
    [InlineData("urn:ogc:def:crs:EPSG::4532")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4532")]
    public void A_crs_parameter_is_an_epsg_code_in_any_of_its_spellings(string crs) =>
        Assert.Equal(4532, Planned(new(crs, null, null, null), DeclaredCrs.None).Source.Srid);

    [Fact]
    public void The_crs_parameter_overrides_the_file_and_the_record_says_both()
    {
        var plan = Planned(new("EPSG:2389", Seven, "coordinate_frame", null), DeclaredCrs.FromEpsg(4553));

        Assert.Equal(2389, plan.Source.Srid);
        Assert.Equal("EPSG:2389", plan.Record["source_crs"]!.GetValue<string>());
        Assert.Equal("EPSG:4553", plan.Record["declared_crs"]!.GetValue<string>());
        Assert.Equal("EPSG:2389", plan.Record["crs_parameter"]!.GetValue<string>());
    }

    [Fact]
    public void The_record_of_a_seven_parameter_plan_holds_the_parameters_the_convention_and_the_proj_definition()
    {
        var plan = Planned(new(null, Seven, "coordinate_frame", null), XianPrj);
        var record = plan.Record;
        var seven = record["seven_parameters"]!;

        Assert.Equal(DatumTransformation.SevenParameters, plan.Transformation);
        Assert.Equal("seven_parameters", record["transformation"]!.GetValue<string>());
        Assert.Equal("xian1980", record["datum"]!.GetValue<string>());
        Assert.Equal("EPSG:4490", record["target_crs"]!.GetValue<string>());
        Assert.Equal("the .prj", record["declared_by"]!.GetValue<string>());
        Assert.Equal(0.85, seven["rx"]!.GetValue<double>());
        Assert.Equal(-3.2, seven["ds"]!.GetValue<double>());
        Assert.Equal("coordinate_frame", seven["rotation_convention"]!.GetValue<string>());
        Assert.Equal(Seven, seven["as_given"]!.GetValue<string>());
        Assert.Contains("+ellps=IAU76 +towgs84=23.5,-118.2,-45.7,-0.85,1.32,-2.47,-3.2", record["proj"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("+convention=position_vector", record["pipeline"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_of_a_four_parameter_plan_holds_the_parameters_the_axes_and_the_affine_coefficients()
    {
        var plan = Planned(new(null, null, null, "-35.2,88.4,2.5,4.1"), XianPrj);
        var four = plan.Record["four_parameters"]!;

        Assert.Equal(["-a_srs", "EPSG:2368"], plan.Ogr2OgrArguments);
        Assert.Equal(4532, plan.Adjustment!.PlaneSrid);
        Assert.Equal("EPSG:4532", plan.Record["plane_crs"]!.GetValue<string>());
        Assert.Equal(-35.2, four["dx"]!.GetValue<double>());
        Assert.Equal("X = north, Y = east, without zone prefix", four["axes"]!.GetValue<string>());
        Assert.Equal(6, plan.Record["st_affine"]!.AsArray().Count);
    }
}

namespace Spatial.Geo.Tests.Datums;

public sealed class DatumParametersTests
{
    private const string Seven = "23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2";

    private static string SevenRefused(string text)
    {
        Assert.Null(BursaWolf.Parse(text, RotationConvention.PositionVector, out var reason));
        Assert.False(string.IsNullOrWhiteSpace(reason));
        return reason!;
    }

    [Fact]
    public void Seven_parameters_are_read_in_the_order_dx_dy_dz_rx_ry_rz_ds()
    {
        var p = BursaWolf.Parse(" 23.5, -118.2,-45.7 ,0.85,-1.32,2.47,-3.2", RotationConvention.CoordinateFrame, out var reason);

        Assert.Null(reason);
        Assert.Equal(new BursaWolf(23.5, -118.2, -45.7, 0.85, -1.32, 2.47, -3.2, RotationConvention.CoordinateFrame), p);
    }

    [Fact]
    public void Coordinate_frame_rotations_become_negated_position_vector_rotations_in_towgs84()
    {
        var frame = BursaWolf.Parse(Seven, RotationConvention.CoordinateFrame, out _)!;
        var vector = BursaWolf.Parse(Seven, RotationConvention.PositionVector, out _)!;

        Assert.Equal("23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2", vector.ToWgs84());
        Assert.Equal("23.5,-118.2,-45.7,-0.85,1.32,-2.47,-3.2", frame.ToWgs84());
    }

    [Theory]
    [InlineData("23.5,-118.2,-45.7,0.85,-1.32,2.47", "7 comma-separated numbers dx,dy,dz,rx,ry,rz,ds are needed, found 6")]
    [InlineData("23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2,0", "found 8")]
    [InlineData("23.5,-118.2,-1500,0.85,-1.32,2.47,-3.2", "dz = -1500 m is outside ±1000 m")]
    [InlineData("23.5,-118.2,-45.7,0.85,-60.5,2.47,-3.2", "ry = -60.5 ″ is outside ±60 ″")]
    [InlineData("23.5,-118.2,-45.7,0.85,-1.32,2.47,1000.1", "ds = 1000.1 ppm is outside ±1000 ppm")]
    [InlineData("23.5,NaN,-45.7,0.85,-1.32,2.47,-3.2", "dy 'NaN' is not a finite number")]
    [InlineData("23.5,-118.2,1e400,0.85,-1.32,2.47,-3.2", "dz '1e400' is not a finite number")]
    [InlineData("23.5,-118.2,-45.7,0,85,-1.32,2.47,-3.2", "found 8")]
    [InlineData("23.5,-118.2,-45.7,,-1.32,2.47,-3.2", "rx '' is not a finite number")]
    public void Seven_parameters_out_of_shape_or_range_are_refused_naming_the_value(string text, string reason) =>
        Assert.Contains(reason, SevenRefused(text), StringComparison.Ordinal);

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        Assert.NotNull(BursaWolf.Parse("1000,-1000,0,60,-60,0,-1000", RotationConvention.PositionVector, out _));
        Assert.NotNull(PlaneSimilarity.Parse("-1000,1000,60,1000", out _));
    }

    [Theory]
    [InlineData("1,2,3", "4 comma-separated numbers dx,dy,rotation,ds are needed, found 3")]
    [InlineData("1,2,61,3", "rotation = 61 ″ is outside ±60 ″")]
    [InlineData("1,-1000.5,1,3", "dy = -1000.5 m is outside ±1000 m")]
    [InlineData("1,2,3,Infinity", "ds 'Infinity' is not a finite number")]
    public void Four_parameters_out_of_shape_or_range_are_refused_naming_the_value(string text, string reason)
    {
        Assert.Null(PlaneSimilarity.Parse(text, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
    }

    /// <summary>The 四参数 formula in survey axes (X north, Y east without the prefix), written out by hand.</summary>
    private static (double X, double Y) ByHand(double x, double y, double dx, double dy, double arcsec, double ppm)
    {
        var theta = arcsec / 206_264.806_247_096_36;
        var k = 1 + ppm / 1e6;
        return (dx + k * (x * Math.Cos(theta) - y * Math.Sin(theta)), dy + k * (x * Math.Sin(theta) + y * Math.Cos(theta)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Four_parameters_as_st_affine_coefficients_move_a_point_as_the_formula_does_with_or_without_zone_prefix(bool prefixed)
    {
        var plane = GaussKrugerPlane.Of(3, 44, prefixed)!;
        var similarity = PlaneSimilarity.Parse("-35.2,88.4,2.5,4.1", out _)!;
        const double north = 5_018_246.283, east = 419_127.173;
        var (x, y) = ByHand(north, east, -35.2, 88.4, 2.5, 4.1);

        var a = similarity.Affine(plane);
        var e = east + plane.ZonePrefix;
        var movedEast = a.A * e + a.B * north + a.XOff;
        var movedNorth = a.D * e + a.E * north + a.YOff;

        Assert.Equal(y + plane.ZonePrefix, movedEast, 1e-6);
        Assert.Equal(x, movedNorth, 1e-6);
    }

    [Fact]
    public void A_positive_rotation_turns_north_towards_east()
    {
        var a = new PlaneSimilarity(0, 0, 60, 0).Affine(GaussKrugerPlane.Of(3, 44, false)!);

        Assert.True(a.A * 0 + a.B * 1000 + a.XOff > 0, "a point 1 km north of the origin moves east");
    }
}

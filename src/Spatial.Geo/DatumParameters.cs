using System.Globalization;

namespace Spatial.Geo;

/// <summary>
/// How the rotations of a seven-parameter set are signed. Both are in use in Chinese practice: position vector
/// (EPSG 9606, PROJ's <c>+towgs84</c>, ISO 19111) rotates the point; coordinate frame (EPSG 9607, common in
/// Chinese software and the 布尔莎 textbook form) rotates the axes, so its rotations are the negated ones.
/// </summary>
public enum RotationConvention { PositionVector, CoordinateFrame }

/// <summary>
/// Seven parameters (布尔莎七参数) from a legacy datum to CGCS2000: shifts in metres, rotations in arc-seconds,
/// scale in ppm, with the convention they were written in.
/// </summary>
public sealed record BursaWolf(double Dx, double Dy, double Dz, double Rx, double Ry, double Rz, double ScalePpm, RotationConvention Convention)
{
    public static readonly string[] Names = ["dx", "dy", "dz", "rx", "ry", "rz", "ds"];

    /// <summary>The same transformation in position-vector form (coordinate frame: rotations negated).</summary>
    public BursaWolf AsPositionVector() => Convention == RotationConvention.PositionVector
        ? this
        : new BursaWolf(Dx, Dy, Dz, -Rx, -Ry, -Rz, ScalePpm, RotationConvention.PositionVector);

    /// <summary>The value of PROJ's <c>+towgs84</c>, which is position vector.</summary>
    public string ToWgs84()
    {
        var p = AsPositionVector();
        return string.Join(',', new[] { p.Dx, p.Dy, p.Dz, p.Rx, p.Ry, p.Rz, p.ScalePpm }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>Seven numbers dx,dy,dz,rx,ry,rz,ds; null and the reason when they are not.</summary>
    public static BursaWolf? Parse(string text, RotationConvention convention, out string? reason)
    {
        var v = DatumParameterText.Numbers(text, Names, ["m", "m", "m", "″", "″", "″", "ppm"], [DatumParameterText.MaxShiftM, DatumParameterText.MaxShiftM,
            DatumParameterText.MaxShiftM, DatumParameterText.MaxRotationArcsec, DatumParameterText.MaxRotationArcsec,
            DatumParameterText.MaxRotationArcsec, DatumParameterText.MaxScalePpm], out reason);
        return v is null ? null : new BursaWolf(v[0], v[1], v[2], v[3], v[4], v[5], v[6], convention);
    }
}

/// <summary>
/// Four parameters (四参数): a plane similarity from a legacy Gauss–Krüger plane to the CGCS2000 plane of the same
/// central meridian, in the Chinese survey axes X = north, Y = east, on coordinates without the zone prefix:
/// X' = dx + (1 + ds·10⁻⁶)(X cos θ − Y sin θ), Y' = dy + (1 + ds·10⁻⁶)(X sin θ + Y cos θ); θ in arc-seconds,
/// positive from X (north) towards Y (east), i.e. clockwise on a map.
/// </summary>
public sealed record PlaneSimilarity(double DxNorth, double DyEast, double RotationArcsec, double ScalePpm)
{
    public static readonly string[] Names = ["dx", "dy", "rotation", "ds"];

    /// <summary>Four numbers dx,dy,rotation,ds; null and the reason when they are not.</summary>
    public static PlaneSimilarity? Parse(string text, out string? reason)
    {
        var v = DatumParameterText.Numbers(text, Names, ["m", "m", "″", "ppm"], [DatumParameterText.MaxShiftM, DatumParameterText.MaxShiftM,
            DatumParameterText.MaxRotationArcsec, DatumParameterText.MaxScalePpm], out reason);
        return v is null ? null : new PlaneSimilarity(v[0], v[1], v[2], v[3]);
    }

    /// <summary>
    /// The coefficients of PostGIS <c>ST_Affine(g, a, b, d, e, xoff, yoff)</c> (x = easting, y = northing, prefix
    /// included) that apply this transformation on <paramref name="plane"/>: the prefix is taken off, the
    /// similarity applied, and the prefix put back.
    /// </summary>
    public AffineCoefficients Affine(GaussKrugerPlane plane)
    {
        var theta = RotationArcsec / 3600.0 * Math.PI / 180.0;
        var k = 1 + ScalePpm * 1e-6;
        var (cos, sin) = (k * Math.Cos(theta), k * Math.Sin(theta));
        // E' = dy + k(N sin θ + E cos θ); N' = dx + k(N cos θ − E sin θ), with E measured from the prefix P.
        var p = plane.ZonePrefix;
        return new AffineCoefficients(A: cos, B: sin, D: -sin, E: cos, XOff: DyEast + p - cos * p, YOff: DxNorth + sin * p);
    }
}

/// <summary>x' = A·x + B·y + XOff, y' = D·x + E·y + YOff: the six numbers of PostGIS's 2D <c>ST_Affine</c>.</summary>
public sealed record AffineCoefficients(double A, double B, double D, double E, double XOff, double YOff);

internal static class DatumParameterText
{
    public const double MaxShiftM = 1000;
    public const double MaxRotationArcsec = 60;
    public const double MaxScalePpm = 1000;

    public static double[]? Numbers(string text, string[] names, string[] units, double[] limits, out string? reason)
    {
        var parts = text.Split(',');
        if (parts.Length != names.Length)
        {
            reason = $"{names.Length} comma-separated numbers {string.Join(',', names)} are needed, found {parts.Length}";
            return null;
        }
        var values = new double[names.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                reason = $"{names[i]} '{Clip(part)}' is not a finite number";
                return null;
            }
            if (Math.Abs(value) > limits[i])
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"{names[i]} = {value} {units[i]} is outside ±{limits[i]} {units[i]}");
                return null;
            }
            values[i] = value;
        }
        reason = null;
        return values;
    }

    private static string Clip(string text) => text.Length <= 24 ? text : text[..24] + "…";
}

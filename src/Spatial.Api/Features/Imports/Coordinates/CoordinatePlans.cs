using System.Globalization;
using System.Text.Json.Nodes;
using Spatial.Api.Http;
using Spatial.Geo;
using static Spatial.Api.Features.Imports.Coordinates.CoordinateParameters;

namespace Spatial.Api.Features.Imports.Coordinates;

/// <summary>
/// Decides how an import's coordinates become CGCS2000: the <c>crs</c> parameter, else the file's declared CRS;
/// CGCS2000 and WGS 84 by PROJ alone; 西安1980 and 北京1954 only with the user's seven or four parameters, since
/// PROJ has no more than a ballpark for them (wrong by tens of metres).
/// </summary>
public static class CoordinatePlans
{
    private const string Target = "EPSG:4490";

    private const string Supported = "EPSG:4490 (CGCS2000) or its Gauss–Krüger codes 4491–4554, EPSG:4326 or OGC:CRS84 (WGS 84), "
        + "西安1980 EPSG:4610, 2327–2390 or 北京1954 EPSG:4214, 2401–2442, 21413–21463 (with seven_parameters or four_parameters)";

    public static CoordinateResolution Resolve(IQueryCollection query, DeclaredCrs declared) => Resolve(FromQuery(query), declared);

    public static CoordinateResolution Resolve(CoordinateParameters parameters, DeclaredCrs declared)
    {
        SourceCrs source;
        if (parameters.Crs is { } given)
        {
            if (ParseCrs(given) is not { } parsed) return Refuse(CrsName, $"'{Clip(given)}' is not a CRS imports take; use {Supported}");
            source = parsed;
        }
        else if (declared.Crs is { } fromFile) source = fromFile;
        else if (declared.Unrecognised is { } why) return Refuse(CrsName, $"the CRS of {declared.From} is not recognised ({why}); name it with crs=, e.g. crs=EPSG:4532");
        else return Refuse(CrsName, $"{declared.From} states no CRS; name it with crs=, e.g. crs=EPSG:4532 (CGCS2000 3° Gauss–Krüger zone 44 with zone prefix)");

        var record = new JsonObject
        {
            ["source_crs"] = source.Epsg,
            ["source"] = source.Label,
            ["datum"] = source.Datum.Code(),
            ["crs_parameter"] = parameters.Crs,
            ["declared_by"] = declared.From,
            ["declared_crs"] = declared.Crs?.Epsg,
            ["target_crs"] = Target,
        };
        return source.Datum.IsLegacy() ? Legacy(source, parameters, record) : Direct(source, parameters, record);
    }

    private static CoordinateResolution Direct(SourceCrs source, CoordinateParameters parameters, JsonObject record)
    {
        var stray = parameters.SevenParameters is not null ? SevenParametersName
            : parameters.FourParameters is not null ? FourParametersName
            : parameters.RotationConvention is not null ? RotationConventionName : null;
        if (stray is not null)
            return Refuse(stray, $"only for 西安1980 and 北京1954 coordinates; {source.Label} needs no parameters");
        record["transformation"] = Code(DatumTransformation.None);
        record["proj"] = source.ProjString();
        return Plan(source, DatumTransformation.None, ["-s_srs", source.Epsg, "-t_srs", Target], null, record);
    }

    private static CoordinateResolution Legacy(SourceCrs source, CoordinateParameters parameters, JsonObject record)
    {
        if (parameters.SevenParameters is not null && parameters.FourParameters is not null)
            return Refuse(FourParametersName, "give either seven_parameters (with rotation_convention) or four_parameters, not both");
        if (parameters.SevenParameters is { } seven) return Seven(source, seven, parameters.RotationConvention, record);
        if (parameters.RotationConvention is not null)
            return Refuse(RotationConventionName, "applies to seven_parameters, which are missing");
        if (parameters.FourParameters is { } four) return Four(source, four, record);
        return Refuse(SevenParametersName, $"{source.Label} becomes CGCS2000 only with parameters you supply (PROJ knows no more than a ballpark, "
            + "wrong by tens of metres): seven_parameters=dx,dy,dz,rx,ry,rz,ds (metres, metres, metres, arc-seconds ×3, ppm; "
            + $"{source.Datum.Label()} → CGCS2000) with rotation_convention=position_vector|coordinate_frame, "
            + "or for a Gauss–Krüger file four_parameters=dx,dy,rotation,ds (plane to the CGCS2000 plane of the same central meridian; "
            + "X = north, Y = east, without zone prefix; metres, metres, arc-seconds, ppm)");
    }

    private static CoordinateResolution Seven(SourceCrs source, string text, string? conventionText, JsonObject record)
    {
        RotationConvention convention;
        switch (conventionText)
        {
            case "position_vector": convention = RotationConvention.PositionVector; break;
            case "coordinate_frame": convention = RotationConvention.CoordinateFrame; break;
            case null:
                return Refuse(RotationConventionName, "required with seven_parameters: position_vector (EPSG 9606, PROJ's +towgs84) or "
                    + "coordinate_frame (EPSG 9607); the two differ in the sign of rx, ry, rz");
            default:
                return Refuse(RotationConventionName, $"'{Clip(conventionText)}' is neither position_vector nor coordinate_frame");
        }
        if (BursaWolf.Parse(text, convention, out var reason) is not { } helmert)
            return Refuse(SevenParametersName, $"{reason} (dx,dy,dz in metres, rx,ry,rz in arc-seconds, ds in ppm)");
        var proj = source.ProjString(helmert.ToWgs84());
        record["transformation"] = Code(DatumTransformation.SevenParameters);
        record["seven_parameters"] = new JsonObject
        {
            ["dx"] = helmert.Dx, ["dy"] = helmert.Dy, ["dz"] = helmert.Dz,
            ["rx"] = helmert.Rx, ["ry"] = helmert.Ry, ["rz"] = helmert.Rz, ["ds"] = helmert.ScalePpm,
            ["rotation_convention"] = conventionText,
            ["as_given"] = text,
        };
        var pipeline = source.PipelineToCgcs2000(helmert);
        record["proj"] = proj;
        record["pipeline"] = pipeline;
        return Plan(source, DatumTransformation.SevenParameters, ["-s_srs", proj, "-t_srs", Target, "-ct", pipeline], null, record);
    }

    private static CoordinateResolution Four(SourceCrs source, string text, JsonObject record)
    {
        if (source.Plane is not { } plane)
            return Refuse(FourParametersName, $"a plane transformation needs Gauss–Krüger coordinates, and {source.Label} is longitude/latitude; use seven_parameters");
        if (PlaneSimilarity.Parse(text, out var reason) is not { } similarity)
            return Refuse(FourParametersName, $"{reason} (dx north and dy east in metres, rotation in arc-seconds, ds in ppm; X = north, Y = east)");
        var target = new SourceCrs(GeodeticDatum.Cgcs2000, plane);
        var affine = similarity.Affine(plane);
        record["transformation"] = Code(DatumTransformation.FourParameters);
        record["four_parameters"] = new JsonObject
        {
            ["dx"] = similarity.DxNorth, ["dy"] = similarity.DyEast, ["rotation"] = similarity.RotationArcsec, ["ds"] = similarity.ScalePpm,
            ["axes"] = "X = north, Y = east, without zone prefix",
            ["as_given"] = text,
        };
        record["plane_crs"] = target.Epsg;
        record["st_affine"] = new JsonArray(affine.A, affine.B, affine.D, affine.E, affine.XOff, affine.YOff);
        record["proj"] = source.ProjString();
        // Staged as read, in the legacy plane (-a_srs assigns without transforming), and adjusted in SQL afterwards.
        return Plan(source, DatumTransformation.FourParameters, ["-a_srs", source.Epsg],
            new PlaneAdjustment(affine, source.Srid, target.Srid), record);
    }

    /// <summary>n, EPSG:n, [EPSG:n], urn:ogc:def:crs:EPSG::n, the OGC URIs of an EPSG code or of CRS84.</summary>
    private static SourceCrs? ParseCrs(string value)
    {
        var text = value.Trim();
        if (text.StartsWith('[') && text.EndsWith(']')) text = text[1..^1];
        if (text.Equals("OGC:CRS84", StringComparison.OrdinalIgnoreCase) || text.Equals("urn:ogc:def:crs:OGC:1.3:CRS84", StringComparison.OrdinalIgnoreCase)
            || text is CrsReference.Crs84Uri or "http://www.opengis.net/def/crs/OGC/0/CRS84")
            return new SourceCrs(GeodeticDatum.Wgs84, null);
        string[] prefixes = ["", "EPSG:", "urn:ogc:def:crs:EPSG::", "http://www.opengis.net/def/crs/EPSG/0/"];
        foreach (var prefix in prefixes)
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(text[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                return SourceCrs.FromEpsg(code);
        return null;
    }

    private static string Code(DatumTransformation transformation) => transformation switch
    {
        DatumTransformation.SevenParameters => "seven_parameters",
        DatumTransformation.FourParameters => "four_parameters",
        _ => "none",
    };

    private static CoordinateResolution Plan(SourceCrs source, DatumTransformation transformation, IReadOnlyList<string> arguments,
        PlaneAdjustment? adjustment, JsonObject record) =>
        new(new CoordinatePlan(source, transformation, arguments, adjustment, record), null);

    private static CoordinateResolution Refuse(string parameter, string reason) => new(null, new ParameterError(parameter, reason));

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}

using Spatial.Api.Http;

namespace Spatial.Api.Features.Imports.Coordinates;

/// <summary>
/// The query parameters of an import that say how its coordinates become CGCS2000, as given (the command
/// line's options take the same texts).
/// </summary>
public sealed record CoordinateParameters(string? Crs, string? SevenParameters, string? RotationConvention, string? FourParameters)
{
    public const string CrsName = "crs";
    public const string SevenParametersName = "seven_parameters";
    public const string RotationConventionName = "rotation_convention";
    public const string FourParametersName = "four_parameters";

    public static CoordinateParameters None { get; } = new(null, null, null, null);

    /// <summary>The parameter names with their descriptions, for the endpoint's allowed names and its OpenAPI parameters.</summary>
    public static IReadOnlyList<(string Name, string Description)> Documentation { get; } =
    [
        (CrsName, "CRS of the file's coordinates when the file does not say or says wrongly: EPSG:4490 or a CGCS2000 Gauss–Krüger "
            + "code 4491–4554, EPSG:4326 or OGC:CRS84, 西安1980 EPSG:4610 or 2327–2390, 北京1954 EPSG:4214, 2401–2442 or 21413–21463 "
            + "(the legacy ones only with seven_parameters or four_parameters); as the code alone, EPSG:{code} or http://www.opengis.net/def/crs/EPSG/0/{code}."),
        (SevenParametersName, "西安1980/北京1954 → CGCS2000 seven parameters (布尔莎七参数) dx,dy,dz,rx,ry,rz,ds: metres, metres, metres, "
            + "arc-seconds ×3, ppm; |shift| ≤ 1000 m, |rotation| ≤ 60″, |scale| ≤ 1000 ppm. Needs rotation_convention."),
        (RotationConventionName, "position_vector (EPSG 9606, PROJ +towgs84) or coordinate_frame (EPSG 9607): the sign of the rotations in seven_parameters."),
        (FourParametersName, "西安1980/北京1954 Gauss–Krüger plane → CGCS2000 plane of the same central meridian, four parameters dx,dy,rotation,ds "
            + "in survey axes X = north, Y = east, on coordinates without zone prefix: X' = dx + (1+ds·1e-6)(X·cosθ − Y·sinθ), "
            + "Y' = dy + (1+ds·1e-6)(X·sinθ + Y·cosθ); dx, dy in metres (≤ 1000), θ in arc-seconds (≤ 60), ds in ppm (≤ 1000)."),
    ];

    public static IReadOnlyList<string> Names { get; } = Documentation.Select(d => d.Name).ToList();

    public static CoordinateParameters FromQuery(IQueryCollection query) => new(
        ParameterChecks.Single(query, CrsName), ParameterChecks.Single(query, SevenParametersName),
        ParameterChecks.Single(query, RotationConventionName), ParameterChecks.Single(query, FourParametersName));
}

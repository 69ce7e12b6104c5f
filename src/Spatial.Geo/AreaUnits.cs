namespace Spatial.Geo;

/// <summary>
/// Area units used in Chinese planning. 1 亩 (市亩) = 60 平方丈 = 10000/15 m² exactly; 1 公顷 = 15 亩.
/// Areas are kept in m² and converted only for output.
/// </summary>
public static class AreaUnits
{
    public const double SquareMetresPerHectare = 10_000;

    /// <summary>m² → 亩, using the exact ratio 15/10000 (never 666.67).</summary>
    public static double ToMu(double squareMetres) => squareMetres * 15 / 10_000;

    public static double ToHectares(double squareMetres) => squareMetres / SquareMetresPerHectare;

    public static double FromMu(double mu) => mu * 10_000 / 15;

    public static double FromHectares(double hectares) => hectares * SquareMetresPerHectare;

    /// <summary>An area for output: m² (2 decimals), ha (4 decimals), 亩 (2 decimals).</summary>
    public static Area Describe(double squareMetres) => new(
        Math.Round(squareMetres, 2, MidpointRounding.AwayFromZero),
        Math.Round(ToHectares(squareMetres), 4, MidpointRounding.AwayFromZero),
        Math.Round(ToMu(squareMetres), 2, MidpointRounding.AwayFromZero));
}

/// <summary>One area in the three units land officers read.</summary>
public sealed record Area(double SquareMetres, double Hectares, double Mu);

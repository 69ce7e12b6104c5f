using System.Text.Json;
using Spatial.Geo;

namespace Spatial.Api.Features.Counties;

/// <summary>Writes an area the way every county table shows it: m² (2 dp), ha (4 dp), 亩 (2 dp).</summary>
internal static class AreaFigures
{
    public static void Write(Utf8JsonWriter writer, string prefix, double squareMetres)
    {
        var area = AreaUnits.Describe(squareMetres);
        writer.WriteNumber(prefix + "_m2", area.SquareMetres);
        writer.WriteNumber(prefix + "_ha", area.Hectares);
        writer.WriteNumber(prefix + "_mu", area.Mu);
    }

    /// <summary>m², ha, 亩 as three table cells (empty when there is no area).</summary>
    public static object?[] Columns(double? squareMetres)
    {
        if (squareMetres is not { } m2) return [null, null, null];
        var area = AreaUnits.Describe(m2);
        return [area.SquareMetres, area.Hectares, area.Mu];
    }
}

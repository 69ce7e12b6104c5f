using System.Globalization;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Tiles;

/// <summary>A tile asked for: the matrix set, zoom (tileMatrix), row and column, and the layers it holds.</summary>
public sealed record TileRequest(TileMatrixSet MatrixSet, int Zoom, long Row, long Column, IReadOnlyList<TileLayer> Layers)
{
    public static readonly OutputFormat[] Formats = [OutputFormat.Mvt];

    public const string MediaType = "application/vnd.mapbox-vector-tile";

    /// <summary>The key of this tile in the response cache.</summary>
    public string CacheKey => string.Create(CultureInfo.InvariantCulture,
        $"tile:{MatrixSet.Id}:{string.Join(',', Layers.Select(l => l.Name))}:{Zoom}/{Row}/{Column}");

    /// <summary>
    /// Checks the path: a value that is not a whole number is a 400, a tile outside the matrix set a 404 (OGC API –
    /// Tiles /req/tileset/tc-success D); both name the parameter.
    /// </summary>
    public static IResult? TryParse(string matrixSetId, string tileMatrix, string tileRow, string tileCol,
        IReadOnlyList<TileLayer> layers, out TileRequest request)
    {
        request = null!;
        if (TileMatrixSet.Find(matrixSetId) is not { } set) return TileMatrixSet.Unknown(matrixSetId);
        if (Whole("tileMatrix", tileMatrix, out var zoom) is { } badZoom) return Problems.BadParameter(badZoom);
        if (zoom > set.MaxZoom)
            return Problems.NotFound(new ParameterError("tileMatrix", $"{set.Id} has tile matrices 0 to {set.MaxZoom}, not {tileMatrix}"));
        if (Whole("tileRow", tileRow, out var row) is { } badRow) return Problems.BadParameter(badRow);
        if (Whole("tileCol", tileCol, out var column) is { } badColumn) return Problems.BadParameter(badColumn);
        var (lastRow, lastColumn) = (set.MatrixHeight((int)zoom) - 1, set.MatrixWidth((int)zoom) - 1);
        if (row > lastRow) return Problems.NotFound(Outside("tileRow", tileRow, zoom, "rows", lastRow, lastColumn));
        if (column > lastColumn) return Problems.NotFound(Outside("tileCol", tileCol, zoom, "columns", lastRow, lastColumn));
        request = new TileRequest(set, (int)zoom, row, column, layers);
        return null;
    }

    private static ParameterError Outside(string name, string value, long zoom, string what, long lastRow, long lastColumn)
    {
        var range = lastRow == lastColumn
            ? string.Create(CultureInfo.InvariantCulture, $"rows and columns are 0 to {lastRow}")
            : string.Create(CultureInfo.InvariantCulture, $"{what} are 0 to {(what == "rows" ? lastRow : lastColumn)}");
        return new(name, string.Create(CultureInfo.InvariantCulture, $"{value} is outside tile matrix {zoom}, whose {range}"));
    }

    /// <summary>Digits only (no sign, no spaces); a number too long for a long is past every matrix (read as long.MaxValue).</summary>
    private static ParameterError? Whole(string name, string value, out long number)
    {
        number = long.MaxValue;
        if (value.Length == 0 || !value.All(char.IsAsciiDigit)) return new ParameterError(name, $"'{value}' is not a whole number from 0 up");
        if (value.TrimStart('0').Length <= 18) number = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return null;
    }
}

using System.Globalization;
using System.Text.Json;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// A tile matrix set of OGC 2D-TMS 2.0 that Spatial cuts tiles in. Only WebMercatorQuad: the tiles of every web
/// map (Leaflet, MapLibre, OpenLayers, QGIS), whose lon/lat on CGCS2000 and WGS 84 agree within the metre
/// the plans' outlines are drawn to.
/// </summary>
public sealed record TileMatrixSet(string Id, string Title, string Uri, string CrsUri, int MaxZoom)
{
    public const int TileSize = 256;

    public static readonly TileMatrixSet WebMercatorQuad = new(
        "WebMercatorQuad", "Google Maps Compatible for the World",
        "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad", "http://www.opengis.net/def/crs/EPSG/0/3857",
        WebMercatorTiles.MaxZoom);

    public static readonly IReadOnlyList<TileMatrixSet> All = [WebMercatorQuad];

    public static TileMatrixSet? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>A 404 for an id that is none of <see cref="All"/>, naming the parameter and the sets there are.</summary>
    public static IResult Unknown(string id) => Problems.NotFound(new ParameterError("tileMatrixSetId",
        $"'{id}' is not a tile matrix set of this service; use {string.Join(", ", All.Select(t => t.Id))}"));

    /// <summary>The definition (OGC 17-083r4 Annex D.1 values, 256 px tiles, row 0 at the north).</summary>
    public void WriteDefinition(Utf8JsonWriter w, HttpRequest request)
    {
        w.WriteStartObject();
        WriteIdentity(w);
        w.WriteStartArray("orderedAxes");
        w.WriteStringValue("E");
        w.WriteStringValue("N");
        w.WriteEndArray();
        w.WriteString("wellKnownScaleSet", "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible");
        w.WriteStartObject("boundingBox");
        w.WriteString("crs", CrsUri);
        WritePoint(w, "lowerLeft", -WebMercatorTiles.HalfWorld, -WebMercatorTiles.HalfWorld);
        WritePoint(w, "upperRight", WebMercatorTiles.HalfWorld, WebMercatorTiles.HalfWorld);
        w.WriteEndObject();
        Links.Write(w, [new(Links.To(request, $"/tileMatrixSets/{Id}"), "self", "application/json", Title)]);
        w.WriteStartArray("tileMatrices");
        for (var zoom = 0; zoom <= MaxZoom; zoom++)
        {
            var cellSize = WebMercatorTiles.TileWidth(zoom) / TileSize;
            w.WriteStartObject();
            w.WriteString("id", zoom.ToString(CultureInfo.InvariantCulture));
            // The standardised rendering pixel of 0.28 mm.
            w.WriteNumber("scaleDenominator", cellSize / 0.00028);
            w.WriteNumber("cellSize", cellSize);
            w.WriteString("cornerOfOrigin", "topLeft");
            WritePoint(w, "pointOfOrigin", -WebMercatorTiles.HalfWorld, WebMercatorTiles.HalfWorld);
            w.WriteNumber("tileWidth", TileSize);
            w.WriteNumber("tileHeight", TileSize);
            w.WriteNumber("matrixWidth", WebMercatorTiles.MatrixSize(zoom));
            w.WriteNumber("matrixHeight", WebMercatorTiles.MatrixSize(zoom));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The short form in /tileMatrixSets: id, title, uri and links.</summary>
    public void WriteSummary(Utf8JsonWriter w, HttpRequest request)
    {
        w.WriteStartObject();
        WriteIdentity(w);
        Links.Write(w, [new(Links.To(request, $"/tileMatrixSets/{Id}"), "self", "application/json", Title)]);
        w.WriteEndObject();
    }

    private void WriteIdentity(Utf8JsonWriter w)
    {
        w.WriteString("id", Id);
        w.WriteString("title", Title);
        w.WriteString("uri", Uri);
        w.WriteString("crs", CrsUri);
    }

    private static void WritePoint(Utf8JsonWriter w, string name, double x, double y)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(x);
        w.WriteNumberValue(y);
        w.WriteEndArray();
    }
}

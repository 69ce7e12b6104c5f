using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// A tile matrix set of OGC 2D-TMS 2.0 that Spatial cuts tiles in: <see cref="WebMercatorQuad"/>, the tiles of every web
/// map, and <see cref="Cgcs2000Quad"/>, WorldCRS84Quad's layout on CGCS2000 lon/lat. Both are quad trees of 256 px
/// tiles, origin top left, row 0 at the north; they differ in CRS, matrix sizes, the geometry column their tiles are
/// cut from and how a tile turns back into lon/lat.
/// </summary>
public abstract record TileMatrixSet(string Id, string Title, string Description, string CrsUri, int MaxZoom)
{
    public const int TileSize = 256;

    public static readonly TileMatrixSet WebMercatorQuad = new WebMercatorQuadSet();

    public static readonly TileMatrixSet Cgcs2000Quad = new Cgcs2000QuadSet();

    public static readonly IReadOnlyList<TileMatrixSet> All = [WebMercatorQuad, Cgcs2000Quad];

    public static TileMatrixSet? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>A 404 for an id that is none of <see cref="All"/>, naming the parameter and the sets there are.</summary>
    public static IResult Unknown(string id) => Problems.NotFound(new ParameterError("tileMatrixSetId",
        $"'{id}' is not a tile matrix set of this service; use {string.Join(", ", All.Select(t => t.Id))}"));

    /// <summary>The set's URI in OGC's register, or null for a set defined only here.</summary>
    public abstract string? Uri { get; }

    /// <summary>The CRS's axes in the CRS's own order (2D-TMS orderedAxes); points of the definition are written in it.</summary>
    public abstract IReadOnlyList<string> OrderedAxes { get; }

    public abstract long MatrixWidth(int zoom);

    public abstract long MatrixHeight(int zoom);

    /// <summary>A tile's width (and height) in the CRS's unit.</summary>
    public abstract double TileWidth(int zoom);

    /// <summary>The tile in lon/lat, widened on every side by <paramref name="margin"/> of its width.</summary>
    public abstract Envelope Degrees(int zoom, long row, long column, double margin);

    /// <summary>
    /// The WebMercatorQuad zoom whose pixels are as wide in longitude as this set's at <paramref name="zoom"/>: the
    /// layers' per-zoom rules (<see cref="TileLayer.NamesFromZoom"/>) are written in WebMercatorQuad zooms.
    /// </summary>
    public abstract int WebMercatorZoom(int zoom);

    /// <summary>The first zoom of this set at or past WebMercatorQuad zoom <paramref name="webMercatorZoom"/>.</summary>
    public int ZoomOf(int webMercatorZoom) => Math.Max(0, webMercatorZoom - WebMercatorZoom(0));

    /// <summary>The column the tiles are cut from (with a GiST index of its own) and the SQL of the tile and its search box.</summary>
    internal abstract string GeometryColumn { get; }

    /// <summary>SQL for the tile's envelope in <see cref="GeometryColumn"/>'s CRS, from $1 zoom, $2 row, $3 column.</summary>
    internal abstract string EnvelopeSql(string? margin);

    /// <summary>The unit's length in metres (2D-TMS: scale = cell size · metres per unit / 0.28 mm).</summary>
    protected abstract double MetresPerUnit { get; }

    protected abstract string? WellKnownScaleSet { get; }

    /// <summary>West, south, east and north bounds of the set, in the CRS's unit.</summary>
    protected abstract (double West, double South, double East, double North) Bounds { get; }

    /// <summary>Whether the CRS's first axis is northing or latitude (EPSG:4490 is lat, lon).</summary>
    protected abstract bool NorthFirst { get; }

    /// <summary>The definition (OGC 2D-TMS 2.0 JSON), every matrix from 0 to <see cref="MaxZoom"/>.</summary>
    public void WriteDefinition(Utf8JsonWriter w, HttpRequest request)
    {
        w.WriteStartObject();
        WriteIdentity(w);
        w.WriteString("description", Description);
        w.WriteStartArray("orderedAxes");
        foreach (var axis in OrderedAxes) w.WriteStringValue(axis);
        w.WriteEndArray();
        if (WellKnownScaleSet is { } scaleSet) w.WriteString("wellKnownScaleSet", scaleSet);
        var (west, south, east, north) = Bounds;
        w.WriteStartObject("boundingBox");
        w.WriteString("crs", CrsUri);
        WritePoint(w, "lowerLeft", west, south);
        WritePoint(w, "upperRight", east, north);
        w.WriteEndObject();
        Links.Write(w, [new(Links.To(request, $"/tileMatrixSets/{Id}"), "self", "application/json", Title)]);
        w.WriteStartArray("tileMatrices");
        for (var zoom = 0; zoom <= MaxZoom; zoom++)
        {
            var cellSize = TileWidth(zoom) / TileSize;
            w.WriteStartObject();
            w.WriteString("id", zoom.ToString(CultureInfo.InvariantCulture));
            // The standardised rendering pixel of 0.28 mm.
            w.WriteNumber("scaleDenominator", cellSize * MetresPerUnit / 0.00028);
            w.WriteNumber("cellSize", cellSize);
            w.WriteString("cornerOfOrigin", "topLeft");
            WritePoint(w, "pointOfOrigin", west, north);
            w.WriteNumber("tileWidth", TileSize);
            w.WriteNumber("tileHeight", TileSize);
            w.WriteNumber("matrixWidth", MatrixWidth(zoom));
            w.WriteNumber("matrixHeight", MatrixHeight(zoom));
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

    /// <summary>
    /// What a tileset's <c>tileMatrixSetURI</c> names: the register's URI, or for a set of this service its definition
    /// here (clients such as GDAL pick a tileset by finding the set's id in it).
    /// </summary>
    public string ReferenceFrom(HttpRequest request) => Uri ?? Links.To(request, $"/tileMatrixSets/{Id}");

    private void WriteIdentity(Utf8JsonWriter w)
    {
        w.WriteString("id", Id);
        w.WriteString("title", Title);
        if (Uri is not null) w.WriteString("uri", Uri);
        w.WriteString("crs", CrsUri);
    }

    /// <summary>A point given east, north, written in the CRS's axis order (2D-TMS: "in CRS coordinates").</summary>
    private void WritePoint(Utf8JsonWriter w, string name, double east, double north)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(NorthFirst ? north : east);
        w.WriteNumberValue(NorthFirst ? east : north);
        w.WriteEndArray();
    }
}

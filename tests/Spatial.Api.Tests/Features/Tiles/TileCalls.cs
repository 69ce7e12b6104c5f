using System.Globalization;
using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Tiles;

/// <summary>A tile as the service answered it: status, ETag, X-Cache, Cache-Control, content type and bytes.</summary>
public sealed record TileAnswer(HttpStatusCode Status, string? ETag, string? Cache, string? CacheControl, string? ContentType, byte[] Bytes)
{
    public List<MvtLayer> Layers => MvtTile.Decode(Bytes);

    public MvtLayer Layer(string name) => Layers.SingleOrDefault(l => l.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"no layer {name} in the tile; it has {string.Join(", ", Layers.Select(l => l.Name))}");

    public MvtFeature? Feature(string layer, string id) => Layers.SingleOrDefault(l => l.Name == layer)?.Features.SingleOrDefault(f => f.Id == id);
}

/// <summary>A tile address (WebMercatorQuad zoom, row, column) and what the tests ask of tiles.</summary>
public readonly record struct TileAddress(int Zoom, long Row, long Column)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Zoom}/{Row}/{Column}");

    /// <summary>
    /// The tile holding a lon/lat, from the Web Mercator formulas written out here rather than taken from the service:
    /// x = R·λ, y = R·ln tan(π/4 + φ/2), R = 6378137 m, row 0 at the north.
    /// </summary>
    public static TileAddress Of(int zoom, double longitude, double latitude)
    {
        var (x, y) = Mercator(longitude, latitude);
        var width = TileWidth(zoom);
        return new TileAddress(zoom, (long)Math.Floor((HalfWorld - y) / width), (long)Math.Floor((x + HalfWorld) / width));
    }

    public const double HalfWorld = Math.PI * 6378137;

    public static double TileWidth(int zoom) => 2 * HalfWorld / Math.Pow(2, zoom);

    public static (double X, double Y) Mercator(double longitude, double latitude) =>
        (6378137 * longitude * Math.PI / 180, 6378137 * Math.Log(Math.Tan(Math.PI / 4 + latitude * Math.PI / 360)));

    /// <summary>Where a lon/lat falls in this tile's 4096 × 4096 MVT grid (y down).</summary>
    public (double X, double Y) InTile(double longitude, double latitude)
    {
        var (x, y) = Mercator(longitude, latitude);
        var width = TileWidth(Zoom);
        var west = -HalfWorld + Column * width;
        var north = HalfWorld - Row * width;
        return ((x - west) / width * 4096, (north - y) / width * 4096);
    }
}

/// <summary>
/// A tile address of CGCS2000Quad (WorldCRS84Quad's layout on EPSG:4490), from its definition written out here: matrix z
/// has 2^(z+1) columns and 2^z rows of 180°/2^z, from 180°W 90°N.
/// </summary>
public readonly record struct GeographicTileAddress(int Zoom, long Row, long Column)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Zoom}/{Row}/{Column}");

    public static double TileWidth(int zoom) => 180 / Math.Pow(2, zoom);

    /// <summary>The tile holding a lon/lat; 180°E and 90°S in the last column and row.</summary>
    public static GeographicTileAddress Of(int zoom, double longitude, double latitude) =>
        new(zoom, Math.Min((long)Math.Floor((90 - latitude) / TileWidth(zoom)), (1L << zoom) - 1),
            Math.Min((long)Math.Floor((longitude + 180) / TileWidth(zoom)), (2L << zoom) - 1));

    public double West => -180 + Column * TileWidth(Zoom);

    public double North => 90 - Row * TileWidth(Zoom);

    /// <summary>The lon/lat of a point of this tile's 4096 × 4096 MVT grid (y down).</summary>
    public (double Longitude, double Latitude) LonLat(double x, double y) => (West + x / 4096 * TileWidth(Zoom), North - y / 4096 * TileWidth(Zoom));
}

internal static class TileCalls
{
    public static async Task<TileAnswer> TileAsync(this HttpClient client, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new TileAnswer(response.StatusCode, response.Headers.ETag?.ToString(),
            response.Headers.TryGetValues("X-Cache", out var cache) ? cache.Single() : null,
            response.Headers.CacheControl?.ToString(), response.Content.Headers.ContentType?.MediaType, bytes);
    }

    public static string CollectionTile(string collection, TileAddress tile) => $"/collections/{collection}/tiles/WebMercatorQuad/{tile}";

    public static string DatasetTile(TileAddress tile, string? collections = null) =>
        $"/tiles/WebMercatorQuad/{tile}" + (collections is null ? "" : $"?collections={collections}");

    public static string CollectionTile(string collection, GeographicTileAddress tile) => $"/collections/{collection}/tiles/CGCS2000Quad/{tile}";

    public static string DatasetTile(GeographicTileAddress tile, string? collections = null) =>
        $"/tiles/CGCS2000Quad/{tile}" + (collections is null ? "" : $"?collections={collections}");
}

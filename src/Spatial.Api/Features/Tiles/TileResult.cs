using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Data.Changes;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// One tile: from the <see cref="ResponseCache"/> when it holds it at the layers' current versions, else made by
/// <see cref="TilesSql"/> and kept. Either way a strong ETag (the body's hash: the same in every process), no-cache
/// (clients revalidate, so they never keep a stale tile), <c>X-Cache: hit|miss</c>; an empty tile is a 204.
/// </summary>
internal sealed class TileResult(TileRequest tile) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var cache = http.RequestServices.GetRequiredService<ResponseCache>();
        var dataSource = http.RequestServices.GetRequiredService<SpatialDatabase>().For(http);
        var cancellationToken = http.RequestAborted;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        CachedBody? body = null;
        if (cache.Enabled)
        {
            var current = await LayerVersions.ReadAsync(connection, [.. tile.Layers.Select(l => l.Collection.Table)], cancellationToken);
            body = cache.Find(tile.CacheKey, current);
        }
        http.Response.Headers["X-Cache"] = body is null ? "miss" : "hit";
        if (body is null)
        {
            var (bytes, madeAt) = await MakeAsync(connection, cancellationToken);
            body = new CachedBody(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
            cache.Store(tile.CacheKey, body, DependsOn(tile), madeAt);
        }
        await connection.CloseAsync();
        await WriteAsync(http, body);
    }

    private async Task<(byte[] Bytes, Dictionary<string, long> MadeAt)> MakeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TilesSql.Build(tile.MatrixSet, tile.Layers, tile.Zoom), connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tile.Zoom });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)tile.Row });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)tile.Column });
        // Half a 256 px pixel: what a high-density screen (512 px a tile) can still tell apart.
        command.Parameters.Add(new NpgsqlParameter { Value = tile.MatrixSet.TileWidth(tile.Zoom) / (2 * TileMatrixSet.TileSize) });
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (Exception e) when (AutoPrepare.MayHaveBrokenPreparation(e))
        {
            AutoPrepare.ForgetAfterFailure(connection);
            throw;
        }
        await using var _ = reader;
        await reader.ReadAsync(cancellationToken);
        var versions = reader.GetFieldValue<long[]>(0);
        var bytes = reader.GetFieldValue<byte[]>(1);
        return (bytes, tile.Layers.Select((l, i) => (l.Collection.Table, versions[i])).ToDictionary(p => p.Table, p => p.Item2, StringComparer.Ordinal));
    }

    /// <summary>
    /// Where a change makes this tile stale: the tile and its buffer, in lon/lat, one MVT unit wider still so that
    /// rounding (between PostGIS's Web Mercator and this one's, or of PostGIS's envelope in degrees) can only widen it.
    /// </summary>
    private static List<CacheDependency> DependsOn(TileRequest tile)
    {
        var area = tile.MatrixSet.Degrees(tile.Zoom, tile.Row, tile.Column, (double)(TilesSql.Buffer + 1) / TilesSql.Extent);
        return [.. tile.Layers.Select(l => new CacheDependency(l.Collection.Table, area))];
    }

    private static async Task WriteAsync(HttpContext http, CachedBody body)
    {
        var headers = http.Response.Headers;
        headers.ETag = body.ETag;
        headers.CacheControl = "no-cache";
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        var etag = EntityTagHeaderValue.Parse(body.ETag);
        if (ifNoneMatch.Any(t => t == EntityTagHeaderValue.Any || t.Compare(etag, useStrongComparison: false)))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        if (body.Bytes.Length == 0)
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        http.Response.ContentType = TileRequest.MediaType;
        http.Response.ContentLength = body.Bytes.Length;
        await http.Response.Body.WriteAsync(body.Bytes, http.RequestAborted);
    }
}

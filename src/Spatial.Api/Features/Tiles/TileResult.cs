using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Data.Changes;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// One tile: each of its layers from the <see cref="ResponseCache"/> when it holds that layer's tile at the layer's
/// current version, the others made together by <see cref="TilesSql"/> and kept each on its own, so a tile of several
/// layers shares them with every other set and with each collection's own tiles (a layer switched on or off, or a
/// write to one layer, makes only what changed); the statement runs in a place of the <see cref="ReadGate"/>'s pages,
/// a hit never waits there. Either way a strong ETag (from the bytes: the same in every
/// process), no-cache (clients revalidate, so they never keep a stale tile), <c>X-Cache: hit|miss</c> (hit: every
/// layer from the cache); an empty tile is a 204.
/// </summary>
internal sealed class TileResult(TileRequest tile) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var cache = http.RequestServices.GetRequiredService<ResponseCache>();
        var dataSource = http.RequestServices.GetRequiredService<SpatialDatabase>().For(http);
        var cancellationToken = http.RequestAborted;
        var parts = tile.Layers.Select(l => tile with { Layers = [l] }).ToArray();
        var bodies = new CachedBody?[parts.Length];
        if (cache.Enabled)
        {
            await using var check = await dataSource.OpenConnectionAsync(cancellationToken);
            var current = await LayerVersions.ReadAsync(check, [.. tile.Layers.Select(l => l.Collection.Table)], cancellationToken);
            for (var i = 0; i < parts.Length; i++) bodies[i] = cache.Find(parts[i].CacheKey, current);
        }
        var missing = Enumerable.Range(0, parts.Length).Where(i => bodies[i] is null).ToArray();
        http.Response.Headers["X-Cache"] = missing.Length == 0 ? "hit" : "miss";
        if (missing.Length > 0)
        {
            // The layers are made in a place of the reads' gate, like a page; the check's connection went back before
            // the wait, so a tile waiting there holds none (ItemsQuery does the same).
            byte[][] made;
            Dictionary<string, long> madeAt;
            using (await http.RequestServices.GetRequiredService<ReadGate>().EnterAsync(http, ReadStatement.Page))
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                (made, madeAt) = await MakeAsync(connection, [.. missing.Select(i => tile.Layers[i])], cancellationToken);
            }
            for (var m = 0; m < missing.Length; m++)
            {
                var part = parts[missing[m]];
                bodies[missing[m]] = new CachedBody(made[m], StrongETag(SHA256.HashData(made[m])));
                cache.Store(part.CacheKey, bodies[missing[m]]!, DependsOn(part), madeAt);
            }
        }
        await WriteAsync(http, Joined(bodies!));
    }

    private static string StrongETag(byte[] hash) => $"\"{Convert.ToHexStringLower(hash)[..32]}\"";

    /// <summary>The layers' tiles as one: their bytes in order, an ETag from theirs (each the hash of its bytes).</summary>
    private static CachedBody Joined(CachedBody[] bodies)
    {
        if (bodies.Length == 1) return bodies[0];
        var bytes = new byte[bodies.Sum(b => b.Bytes.Length)];
        var at = 0;
        foreach (var body in bodies)
        {
            body.Bytes.CopyTo(bytes, at);
            at += body.Bytes.Length;
        }
        return new CachedBody(bytes, StrongETag(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(string.Concat(bodies.Select(b => b.ETag))))));
    }

    private async Task<(byte[][] Bytes, Dictionary<string, long> MadeAt)> MakeAsync(NpgsqlConnection connection, IReadOnlyList<TileLayer> layers, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TilesSql.Build(tile.MatrixSet, layers, tile.Zoom), connection);
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
        var bytes = reader.GetFieldValue<byte[][]>(1);
        return (bytes, layers.Select((l, i) => (l.Collection.Table, versions[i])).ToDictionary(p => p.Table, p => p.Item2, StringComparer.Ordinal));
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

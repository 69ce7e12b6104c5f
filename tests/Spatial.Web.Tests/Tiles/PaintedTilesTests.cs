using System.Text.Json;

namespace Spatial.Web.Tests.Tiles;

/// <summary>
/// web/app/painted-tiles.js, the worker's store of painted tiles, run in the map's page: a tile is known by everything
/// its pixels depend on, the store keeps no more bytes than its budget, and the least recently shown goes first.
/// </summary>
[Collection(WebTests.Name)]
public sealed class PaintedTilesTests(WebFixture web)
{
    [Fact]
    public async Task A_tile_is_known_by_its_layers_and_their_order_symbols_sources_etags_shift_clip_ratio_and_stand_ins_and_without_an_etag_not_at_all()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties");
        var keys = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { PaintedTiles } = await import('./app/painted-tiles.js');
              const source = { url: 'http://x/tiles/WebMercatorQuad/9/183/438?collections=projects', offset: [0, 0], corners: null, clip: [0, 0, 256, 256] };
              const request = { collections: ['projects'], size: 256, ratio: 1, sources: [source], indicative: ['plan_described'] };
              const key = (changes = {}, fetched = [{ etag: '"a"' }]) => PaintedTiles.keyOf({ ...request, ...changes }, fetched);
              const base = key();
              return {
                same: key() === base,
                differ: [
                  key({}, [{ etag: '"b"' }]),
                  key({ collections: ['planting-zones'] }),
                  key({ collections: ['planting-zones', 'projects'] }),
                  key({ symbols: [[12, 40, 5, '#cf1322', 0.85]] }),
                  key({ ratio: 2 }),
                  key({ indicative: [] }),
                  key({ sources: [{ ...source, corners: [[22, 3], [22, 3], [22, 3], [22, 3]] }] }),
                  key({ sources: [{ ...source, offset: [-256, 0] }] }),
                  key({ sources: [{ ...source, clip: [22, 3, 256, 256] }] }),
                  key({ sources: [{ ...source, url: source.url.replace('/438', '/439') }] }),
                ].map((k) => k !== base && k !== null),
                // Two layers: which one is painted over the other.
                twoLayers: key({ collections: ['planting-zones', 'projects'] }) !== key({ collections: ['projects', 'planting-zones'] }),
                withoutEtag: key({}, [{ etag: null }]),
              };
            }
            """);

        Assert.True(keys.GetProperty("same").GetBoolean());
        Assert.True(keys.GetProperty("twoLayers").GetBoolean(), "the same two layers painted in the other order have another key");
        Assert.All(keys.GetProperty("differ").EnumerateArray(), differs => Assert.True(differs.GetBoolean()));
        Assert.Equal(JsonValueKind.Null, keys.GetProperty("withoutEtag").ValueKind);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_store_keeps_within_its_bytes_drops_the_least_recently_shown_first_and_keeps_nothing_empty()
    {
        var (page, errors) = await web.OpenAsync("/#z=8&lat=45.25000&lon=131.80000&layers=counties");
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { PaintedTiles, bytesOf } = await import('./app/painted-tiles.js');
              const layer = () => ({
                types: new Uint8Array(2), coords: new Float32Array(8), lines: new Uint32Array(3), parts: new Uint32Array(3),
                tags: new Uint32Array(4), tagStarts: new Uint32Array(3), dashes: new Uint16Array(2),
                keys: ['id'], values: ['JX-01', 'JX-02'], dashList: [''],
              });
              const entry = () => ({ canvas: new OffscreenCanvas(16, 16), layers: [layer()] });
              const one = bytesOf('a', entry());
              const store = new PaintedTiles(3 * one + 10);
              ['a', 'b', 'c'].forEach((key) => store.put(key, entry()));
              store.get('a');                      // a is now the most recently shown: b goes first
              const keptD = store.put('d', entry());
              const keptEmpty = store.put('empty', { canvas: null, layers: [] });
              return { one, keptD, keptEmpty, bytes: store.bytes, budget: store.budget, keys: [...store.entries.keys()] };
            }
            """);

        var one = result.GetProperty("one").GetInt32();
        Assert.True(one > 16 * 16 * 4, $"an entry of 16 × 16 pixels and two features counted as {one} bytes");
        Assert.True(result.GetProperty("bytes").GetInt32() <= result.GetProperty("budget").GetInt32());
        Assert.True(result.GetProperty("keptD").GetBoolean());
        Assert.False(result.GetProperty("keptEmpty").GetBoolean());
        Assert.Equal(["c", "a", "d"], result.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray());
        Assert.Empty(errors);
    }
}

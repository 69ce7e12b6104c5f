using System.IO.Compression;
using System.Net;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Features.Tiles;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Http.Caching;

/// <summary>The service on a loopback port, asked by an HttpClient that decompresses nothing itself; a database of the class's own.</summary>
public sealed class CompressionFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public RealServer Server { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public EditorKey Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        var (id, key) = await ApiKeyStore.CreateAsync(Database.DataSource, "管理员 压缩", Role.Admin, "tests", CancellationToken.None);
        Admin = new EditorKey(id, "管理员 压缩", Role.Admin, key);
        Server = RealServer.Start(Database.ConnectionString);
        Client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(Server.Url) };
        for (var tries = 0; (await Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode != HttpStatusCode.OK; tries++)
        {
            Assert.True(tries < 300, "the service did not become ready");
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class CompressionTests(CompressionFixture api) : IClassFixture<CompressionFixture>
{
    private sealed record Got(HttpStatusCode Status, string? Coding, string? ETag, string Vary, string? MediaType, byte[] Bytes);

    private async Task<Got> GetAsync(string url, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await api.Client.SendAsync(request);
        return new Got(response.StatusCode, response.Content.Headers.ContentEncoding.SingleOrDefault(), response.Headers.ETag?.ToString(),
            string.Join(",", response.Headers.Vary), response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Decode(string coding, byte[] bytes)
    {
        using var input = new MemoryStream(bytes);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    public static TheoryData<string, string> Resources => new()
    {
        { "/collections/projects/items?limit=20", "gzip" },
        { "/collections/projects/items?limit=20", "br" },
        { "/collections/projects/items?limit=20&f=csv", "gzip" },
        { "/collections/projects/items/JX-13", "br" },
        { "/collections/planting-zones/items?limit=5", "gzip, deflate, br" },
        { "/collections", "gzip" },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task A_client_that_accepts_a_coding_gets_the_same_bytes_compressed_under_a_strong_etag_of_their_own_and_its_304(string url, string accepted)
    {
        var plain = await GetAsync(url, null);
        var compressed = await GetAsync(url, accepted);
        var coding = compressed.Coding!;
        var revalidated = await GetAsync(url, accepted, ifNoneMatch: compressed.ETag);
        var plainRevalidated = await GetAsync(url, null, ifNoneMatch: plain.ETag);

        Assert.Null(plain.Coding);
        Assert.Contains(coding, accepted.Split(", "));
        Assert.Equal(plain.Bytes, Decode(coding, compressed.Bytes));
        Assert.True(compressed.Bytes.Length < plain.Bytes.Length, $"{coding}: {compressed.Bytes.Length} bytes of {plain.Bytes.Length}");
        Assert.Equal(plain.MediaType, compressed.MediaType);
        Assert.Contains("Accept-Encoding", compressed.Vary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Accept-Encoding", plain.Vary, StringComparison.OrdinalIgnoreCase);
        if (plain.ETag!.StartsWith("W/", StringComparison.Ordinal)) Assert.Equal(plain.ETag, compressed.ETag);
        else Assert.Equal(plain.ETag[..^1] + "-" + coding + "\"", compressed.ETag);
        Assert.Equal((HttpStatusCode.NotModified, compressed.ETag), (revalidated.Status, revalidated.ETag));
        Assert.Equal((HttpStatusCode.NotModified, plain.ETag), (plainRevalidated.Status, plainRevalidated.ETag));
        Assert.Contains("Accept-Encoding", revalidated.Vary, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_vector_tile_is_compressed_too_and_decodes_to_the_same_tile()
    {
        var centre = await api.Database.RowsAsync("SELECT ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM projects WHERE id = 'JX-13'",
            r => (r.GetDouble(0), r.GetDouble(1)));
        var url = TileCalls.CollectionTile("projects", TileAddress.Of(12, centre[0].Item1, centre[0].Item2));

        var plain = await GetAsync(url, null);
        var compressed = await GetAsync(url, "gzip");

        Assert.Equal((HttpStatusCode.OK, "gzip"), (compressed.Status, compressed.Coding));
        Assert.Equal(plain.Bytes, Decode("gzip", compressed.Bytes));
        Assert.Equal(plain.ETag![..^1] + "-gzip\"", compressed.ETag);
        Assert.Contains(MvtTile.Decode(Decode("gzip", compressed.Bytes)).Single(l => l.Name == "projects").Features, f => f.Id == "JX-13");
    }

    [Fact]
    public async Task The_etag_of_a_compressed_feature_is_accepted_in_if_match_by_a_write()
    {
        var read = await GetAsync(Item("projects", "JX-20"), "br");
        Assert.EndsWith("-br\"", read.ETag, StringComparison.Ordinal);

        var written = await api.Client.UpdateAsync("projects", "JX-20", api.Admin, PatchOf("name_en", "Compressed read, then written"), read.ETag);
        var stale = await api.Client.UpdateAsync("projects", "JX-20", api.Admin, PatchOf("name_en", "Written again"), read.ETag);

        Assert.True(written.Code == 200, written.ToString());
        Assert.Equal(412, stale.Code);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spatial.Api.Http.Auth;
using Spatial.Api.Http.Caching;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Collections.PageCalls;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// One API process keeping pages: what it serves again, its bounds, and that a kept page goes only to a client allowed to
/// read it. Each test has a database (a copy of gisdata/) and a service of its own.
/// </summary>
public sealed class PageCacheTests
{
    private const int MaxBytes = 200_000;
    private const int MaxEntryBytes = 20_000;

    private static readonly Dictionary<string, string?> SmallCache = new()
    {
        ["Spatial:Cache:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Spatial:Cache:MaxEntryBytes"] = MaxEntryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_page_is_kept_after_its_first_read_and_served_again_byte_for_byte_under_its_strong_etag_and_a_304()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString);
        using var client = await app.ReadyClientAsync();
        const string url = "/collections/planting-zones/items?limit=4&sortby=-name_zh";

        var first = await client.PageAsync(url);
        var second = await client.PageAsync(url);
        var revalidated = await client.PageAsync(url, ifNoneMatch: second.ETag);

        Assert.Equal(("miss", "hit"), (first.Cache, second.Cache));
        Assert.Equal(first.Bytes, second.Bytes);
        Assert.Equal(first.ETag, second.ETag);
        Assert.False(first.ETag!.StartsWith("W/", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.NotModified, "hit", first.ETag), (revalidated.Status, revalidated.Cache, revalidated.ETag));
        Assert.Equal("no-cache", second.CacheControl);
        Assert.Equal(4, second.Json.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task A_csv_page_comes_back_from_the_cache_with_its_next_link_and_file_name()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString);
        using var client = await app.ReadyClientAsync();
        const string url = "/collections/projects/items?limit=3&f=csv";

        using var first = await client.GetAsync(new Uri(url, UriKind.Relative));
        using var second = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(["miss", "hit"], [first.Headers.GetValues("X-Cache").Single(), second.Headers.GetValues("X-Cache").Single()]);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/csv", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.GetValues("Link").Single(), second.Headers.GetValues("Link").Single());
        Assert.Contains("cursor=", second.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal("projects.csv", second.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task The_cache_stays_within_its_bytes_and_a_page_larger_than_an_entry_is_served_but_not_kept()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString, SmallCache);
        using var client = await app.ReadyClientAsync();
        var cache = app.Services.GetRequiredService<ResponseCache>();

        var sizes = new List<long>();
        for (var limit = 1; limit <= 30; limit++)
        {
            var page = await client.PageAsync($"/collections/enterprises/items?limit={limit}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            sizes.Add(cache.Statistics.Bytes);
        }
        var large = await client.PageAsync("/collections/counties/items");
        var largeAgain = await client.PageAsync("/collections/counties/items");
        var small = await client.PageAsync("/collections/enterprises/items?limit=30");

        Assert.All(sizes, bytes => Assert.InRange(bytes, 1, MaxBytes));
        Assert.True(sizes[^1] > MaxBytes / 2, $"the cache holds {sizes[^1]} bytes; 30 pages of enterprises should nearly fill it");
        Assert.True(large.Bytes.Length > MaxEntryBytes, $"the counties page has {large.Bytes.Length} bytes");
        Assert.Equal(("miss", "miss"), (large.Cache, largeAgain.Cache));
        Assert.Equal(large.ETag, largeAgain.ETag);
        Assert.Equal("hit", small.Cache);
        Assert.InRange(cache.Statistics.Bytes, 1, MaxBytes);
    }

    [Fact]
    public async Task With_keys_required_for_reads_a_page_kept_for_a_key_holder_is_refused_to_a_client_without_one()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString, new Dictionary<string, string?> { ["Spatial:Auth:RequireKeyForReads"] = "true" });
        using var client = await app.ReadyClientAsync();
        var (_, key) = await ApiKeyStore.CreateAsync(database.DataSource, "读者 测试", Role.Viewer, "tests", CancellationToken.None);
        const string page = "/collections/projects/items?limit=2";
        const string feature = "/collections/projects/items/JX-13";

        await client.PageAsync(page, apiKey: key);
        await client.PageAsync(feature, apiKey: key);
        var kept = await client.PageAsync(page, apiKey: key);
        using var anonymous = await client.GetAsync(new Uri(page, UriKind.Relative));
        using var anonymousFeature = await client.GetAsync(new Uri(feature, UriKind.Relative));
        var anonymousText = await anonymous.Content.ReadAsStringAsync();

        Assert.Equal("hit", kept.Cache);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, anonymousFeature.StatusCode));
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("FeatureCollection", anonymousText, StringComparison.Ordinal);
        Assert.False(anonymous.Headers.Contains("X-Cache"));
    }
}

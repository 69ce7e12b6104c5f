using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spatial.Api.Http.Caching;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// A revalidation is decided from the versions before the page is read — from the cache's copy, or from the versions
/// alone when the cache holds none. The proof: the layer is locked (ACCESS EXCLUSIVE), so any statement that reads it
/// waits past the 2 s Reads deadline and becomes a 503.
/// </summary>
public sealed class NotModifiedFirstTests(ReadPathFixture api) : IClassFixture<ReadPathFixture>
{
    private const string Page = "/collections/projects/items?county_code=230382&limit=5";

    [Fact]
    public async Task A_page_revalidated_by_its_etag_is_304_without_reading_the_locked_layer()
    {
        using var first = await api.Client.GetAsync(new Uri(Page, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await using (await TableLock.TakeAsync(api.Database, "projects"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Page);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var revalidated = await api.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Equal(first.Headers.ETag, revalidated.Headers.ETag);
            Assert.Equal("no-cache", revalidated.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task A_page_revalidated_by_its_date_is_304_without_reading_the_locked_layer_and_a_csv_page_too()
    {
        using var first = await api.Client.GetAsync(new Uri(Page, UriKind.Relative));
        using var csv = await api.Client.GetAsync(new Uri(Page + "&f=csv", UriKind.Relative));

        await using (await TableLock.TakeAsync(api.Database, "projects"))
        {
            using var byDate = new HttpRequestMessage(HttpMethod.Get, Page);
            byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
            using var csvByTag = new HttpRequestMessage(HttpMethod.Get, Page + "&f=csv");
            csvByTag.Headers.IfNoneMatch.Add(csv.Headers.ETag!);

            Assert.Equal(HttpStatusCode.NotModified, (await api.Client.SendAsync(byDate)).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await api.Client.SendAsync(csvByTag)).StatusCode);
        }
    }

    [Fact]
    public async Task A_stale_etag_gets_the_whole_page_with_the_new_etag()
    {
        using var first = await api.Client.GetAsync(new Uri(Page, UriKind.Relative));
        await api.Database.ScalarAsync<int>("WITH u AS (UPDATE projects SET name_en = name_en WHERE id = 'JX-13' RETURNING 1) SELECT count(*)::int FROM u");

        using var request = new HttpRequestMessage(HttpMethod.Get, Page);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var changed = await api.Client.SendAsync(request);
        var page = System.Text.Json.JsonDocument.Parse(await changed.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(first.Headers.ETag, changed.Headers.ETag);
        Assert.Equal(5, page.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task A_feature_is_304_by_its_own_etag_but_a_missing_one_stays_404_whatever_the_date()
    {
        using var first = await api.Client.GetAsync(new Uri("/collections/projects/items/JX-13", UriKind.Relative));
        using var byTag = new HttpRequestMessage(HttpMethod.Get, "/collections/projects/items/JX-13");
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var missing = new HttpRequestMessage(HttpMethod.Get, "/collections/projects/items/JX-404");
        missing.Headers.IfModifiedSince = DateTimeOffset.UtcNow.AddDays(1);
        using var riverByDate = new HttpRequestMessage(HttpMethod.Get, "/collections/rivers/items/" + await api.Database.ScalarAsync<string>("SELECT min(id) FROM rivers"));
        riverByDate.Headers.IfModifiedSince = DateTimeOffset.UtcNow.AddDays(1);

        using var notModified = await api.Client.SendAsync(byTag);
        using var notFound = await api.Client.SendAsync(missing);
        using var riverNotModified = await api.Client.SendAsync(riverByDate);

        Assert.False(first.Headers.ETag!.IsWeak);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(first.Headers.ETag, notModified.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, riverNotModified.StatusCode);
    }

    [Fact]
    public async Task A_page_the_cache_no_longer_holds_is_still_304_by_its_etag_from_the_versions_alone()
    {
        const string page = Page + "&sortby=name_en";
        using var first = await api.Client.GetAsync(new Uri(page, UriKind.Relative));
        var versions = await api.Database.RowsAsync("SELECT layer, version FROM layer_versions", r => (r.GetString(0), r.GetInt64(1)));
        // What the listener does when it reconnects: everything kept goes.
        api.App.Services.GetRequiredService<ResponseCache>().Restart(versions.ToDictionary(v => v.Item1, v => v.Item2));

        await using (await TableLock.TakeAsync(api.Database, "projects"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var revalidated = await api.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Equal(first.Headers.ETag, revalidated.Headers.ETag);
        }
    }

    [Fact]
    public async Task Without_validators_a_page_never_read_before_waits_for_the_locked_layer_and_is_a_503_so_the_lock_holds()
    {
        await using (await TableLock.TakeAsync(api.Database, "projects"))
        {
            using var response = await api.Client.GetAsync(new Uri(Page + "&properties=name_zh", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
    }
}

using NetTopologySuite.Geometries;
using Spatial.Api.Data.Changes;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Tests.Http.Caching;

/// <summary>
/// The cache's rules without a database: an entry is served at the versions it was made at, or later only when
/// every change up to the current versions has been applied and none touched it; the bytes stay bounded.
/// </summary>
public sealed class ResponseCacheTests
{
    private static readonly Envelope Jixi = new(130.9, 131.0, 45.2, 45.3);
    private static readonly Envelope Suifenhe = new(131.1, 131.2, 44.3, 44.4);

    private static ResponseCache Cache(long maxBytes = 1 << 20, int maxEntryBytes = 1 << 16)
    {
        var cache = new ResponseCache(new CacheOptions { MaxBytes = maxBytes, MaxEntryBytes = maxEntryBytes });
        cache.Restart(Versions(1));
        return cache;
    }

    private static Dictionary<string, long> Versions(long projects, long counties = 1) => new() { ["projects"] = projects, ["counties"] = counties };

    private static CachedBody Body(string etag, int size = 10) => new(new byte[size], $"\"{etag}\"");

    private static void Store(ResponseCache cache, string key, Envelope? area, long version, int size = 10) =>
        cache.Store(key, Body(key, size), [new CacheDependency("projects", area)], Versions(version));

    private static LayerChange Change(long version, params Envelope[] boxes) => new("projects", version, boxes);

    [Fact]
    public void An_entry_is_served_while_the_versions_it_was_made_at_are_current()
    {
        var cache = Cache();
        Store(cache, "jixi", Jixi, 1);

        Assert.Equal("\"jixi\"", cache.Find("jixi", Versions(1))?.ETag);
        Assert.Equal(1, cache.Statistics.Hits);
    }

    [Fact]
    public void After_a_write_this_process_has_not_heard_of_the_entry_is_a_miss()
    {
        var cache = Cache();
        Store(cache, "jixi", Jixi, 1);

        Assert.Null(cache.Find("jixi", Versions(2)));
        Assert.Equal(1, cache.Statistics.Misses);
    }

    [Fact]
    public void A_change_elsewhere_once_applied_leaves_the_entry_which_is_then_served_at_the_new_version()
    {
        var cache = Cache();
        Store(cache, "jixi", Jixi, 1);

        cache.Apply(Change(2, Suifenhe));

        Assert.NotNull(cache.Find("jixi", Versions(2)));
        Assert.Equal(0, cache.Statistics.Invalidated);
    }

    [Fact]
    public void A_change_whose_box_touches_the_entry_drops_it()
    {
        var cache = Cache();
        Store(cache, "jixi", Jixi, 1);
        Store(cache, "suifenhe", Suifenhe, 1);

        cache.Apply(Change(2, new Envelope(130.95, 131.5, 45.25, 46)));

        Assert.Null(cache.Find("jixi", Versions(2)));
        Assert.NotNull(cache.Find("suifenhe", Versions(2)));
        Assert.Equal(1, cache.Statistics.Invalidated);
    }

    [Fact]
    public void A_change_without_boxes_drops_the_whole_layer_and_an_entry_of_the_whole_layer_goes_with_any_change()
    {
        var cache = Cache();
        Store(cache, "jixi", Jixi, 1);
        Store(cache, "page", null, 1);

        cache.Apply(Change(2));
        Assert.Null(cache.Find("page", Versions(2)));
        Assert.NotNull(cache.Find("jixi", Versions(2)));

        cache.Apply(new LayerChange("projects", 3, null));
        Assert.Null(cache.Find("jixi", Versions(3)));
    }

    [Fact]
    public void An_entry_made_from_two_layers_needs_both_current_and_goes_with_any_change_of_a_layer_it_reads_whole()
    {
        var cache = Cache();
        cache.Store("page", Body("page"), [new CacheDependency("projects", Jixi), new CacheDependency("counties", null)], Versions(1, 1));

        Assert.Null(cache.Find("page", Versions(1, 2)));
        Assert.NotNull(cache.Find("page", Versions(1, 1)));
        cache.Apply(Change(2, Suifenhe));
        Assert.NotNull(cache.Find("page", Versions(2, 1)));
        cache.Apply(new LayerChange("counties", 2, []));
        Assert.Null(cache.Find("page", Versions(2, 2)));
        Assert.Equal(1, cache.Statistics.Invalidated);
    }

    [Fact]
    public void An_entry_made_before_a_change_this_process_already_applied_is_not_kept()
    {
        var cache = Cache();
        cache.Apply(Change(2, Suifenhe));

        Store(cache, "jixi", Jixi, 1);

        Assert.Null(cache.Find("jixi", Versions(1)));
        Assert.Equal(0, cache.Statistics.Stored);
    }

    [Fact]
    public void The_least_recently_used_entries_go_first_when_the_bytes_run_out()
    {
        var cache = Cache(maxBytes: 3 * (1000 + 256 + 2 * 2) + 100);
        Store(cache, "e1", Jixi, 1, 1000);
        Store(cache, "e2", Jixi, 1, 1000);
        Store(cache, "e3", Jixi, 1, 1000);
        Assert.NotNull(cache.Find("e1", Versions(1)));

        Store(cache, "e4", Jixi, 1, 1000);

        Assert.Null(cache.Find("e2", Versions(1)));
        foreach (var key in (string[])["e1", "e3", "e4"]) Assert.NotNull(cache.Find(key, Versions(1)));
        Assert.True(cache.Statistics.Bytes <= 3 * (1000 + 256 + 4) + 100, $"{cache.Statistics.Bytes} bytes");
        Assert.Equal(3, cache.Statistics.Entries);
    }

    [Fact]
    public void A_body_larger_than_an_entry_may_be_is_served_but_not_kept()
    {
        var cache = Cache(maxEntryBytes: 100);

        Store(cache, "big", Jixi, 1, 101);

        Assert.Null(cache.Find("big", Versions(1)));
    }

    [Fact]
    public void A_restart_of_the_listener_drops_everything_and_knows_the_layers_from_the_versions_it_read()
    {
        var cache = Cache();
        Store(cache, "jixi", Jixi, 1);

        cache.Restart(Versions(5));

        Assert.Equal((0L, 0L), (cache.Statistics.Entries, cache.Statistics.Bytes));
        Assert.Equal(5, cache.AppliedVersion("projects"));
        Assert.Null(cache.Find("jixi", Versions(1)));
    }
}

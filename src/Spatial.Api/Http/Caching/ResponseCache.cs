using NetTopologySuite.Geometries;
using Spatial.Api.Data.Changes;

namespace Spatial.Api.Http.Caching;

/// <summary>What a cached body was made from: a layer (its table), and where in it (lon/lat; null: anywhere in it).</summary>
public sealed record CacheDependency(string Layer, Envelope? Area);

/// <summary>
/// A body as served: its bytes (empty for a 204), its strong ETag, and for a page its Last-Modified and the headers that
/// describe the bytes (Content-Type, Content-Crs, a CSV page's Link and Content-Disposition).
/// </summary>
public sealed record CachedBody(byte[] Bytes, string ETag, DateTimeOffset? LastModified = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

/// <summary>How the cache has done since the process started.</summary>
public sealed record CacheStatistics(long Hits, long Misses, long Stored, long Invalidated, long Entries, long Bytes);

/// <summary>
/// Bodies made from the layers, kept in process up to <see cref="CacheOptions.MaxBytes"/> (least recently used
/// dropped first), and never served stale. Each entry remembers the version of every layer it was made at
/// (read in the same statement as its data). A request reads the layers' current versions and is served an
/// entry only when
/// <list type="bullet">
/// <item>nothing changed since (same versions), or</item>
/// <item>this process's <see cref="LayerChangeListener"/> has applied every change up to the current versions and
/// none of them touched the entry — a change drops the entries whose area it intersects, so an entry still here
/// was untouched.</item>
/// </list>
/// A write seen by the database but not yet by this process's listener (another API process wrote it) therefore
/// makes a miss, not a stale answer. An entry is not kept when the listener has already applied a change newer
/// than the entry's versions: that change could not drop an entry that was not here yet.
/// </summary>
public sealed class ResponseCache(CacheOptions options)
{
    private const int EntryOverhead = 256;

    private sealed class Entry(string key, CachedBody body, IReadOnlyList<CacheDependency> dependsOn, Dictionary<string, long> madeAt)
    {
        public string Key { get; } = key;
        public CachedBody Body { get; } = body;
        public IReadOnlyList<CacheDependency> DependsOn { get; } = dependsOn;
        public Dictionary<string, long> ValidAt { get; } = madeAt;
        public long Size { get; } = body.Bytes.Length + key.Length * 2 + EntryOverhead
            + (body.Headers?.Sum(h => (h.Key.Length + h.Value.Length) * 2) ?? 0);
        public LinkedListNode<Entry>? Node { get; set; }
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Dictionary<string, HashSet<Entry>> _byLayer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);
    private long _bytes, _hits, _misses, _stored, _invalidated;

    public bool Enabled => options.MaxBytes > 0;

    /// <summary>The body under <paramref name="key"/> if it is current at <paramref name="current"/> (every layer it depends on), else null.</summary>
    public CachedBody? Find(string key, IReadOnlyDictionary<string, long> current)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || !IsCurrent(entry, current))
            {
                _misses++;
                return null;
            }
            foreach (var layer in entry.DependsOn) entry.ValidAt[layer.Layer] = current[layer.Layer];
            _recency.Remove(entry.Node!);
            _recency.AddFirst(entry.Node!);
            _hits++;
            return entry.Body;
        }
    }

    private bool IsCurrent(Entry entry, IReadOnlyDictionary<string, long> current)
    {
        foreach (var (layer, validAt) in entry.ValidAt)
        {
            if (!current.TryGetValue(layer, out var now)) return false;
            if (validAt == now) continue;
            if (validAt > now || _applied.GetValueOrDefault(layer) < now) return false;
        }
        return true;
    }

    /// <summary>Keeps a body made at <paramref name="madeAt"/> (the versions read with its data), unless it is too large or already overtaken.</summary>
    public void Store(string key, CachedBody body, IReadOnlyList<CacheDependency> dependsOn, IReadOnlyDictionary<string, long> madeAt)
    {
        if (!Enabled || body.Bytes.Length > options.MaxEntryBytes) return;
        var versions = dependsOn.ToDictionary(d => d.Layer, d => madeAt[d.Layer], StringComparer.Ordinal);
        var entry = new Entry(key, body, dependsOn, versions);
        lock (_lock)
        {
            if (versions.Any(v => _applied.GetValueOrDefault(v.Key) > v.Value)) return;
            if (_entries.TryGetValue(key, out var old)) Remove(old);
            entry.Node = _recency.AddFirst(entry);
            _entries[key] = entry;
            foreach (var layer in dependsOn)
            {
                if (!_byLayer.TryGetValue(layer.Layer, out var set)) _byLayer[layer.Layer] = set = [];
                set.Add(entry);
            }
            _bytes += entry.Size;
            _stored++;
            while (_bytes > options.MaxBytes && _recency.Last is { } oldest) Remove(oldest.Value);
        }
    }

    /// <summary>A change the listener received: drops the entries it touches; the layer is then known up to its version.</summary>
    public void Apply(LayerChange change)
    {
        lock (_lock)
        {
            if (_byLayer.TryGetValue(change.Layer, out var entries))
                foreach (var entry in entries.Where(e => Touches(change, e)).ToList())
                {
                    Remove(entry);
                    _invalidated++;
                }
            _applied[change.Layer] = Math.Max(_applied.GetValueOrDefault(change.Layer), change.Version);
        }
    }

    private static bool Touches(LayerChange change, Entry entry) =>
        change.Boxes is null || entry.DependsOn.Any(d => d.Layer == change.Layer && (d.Area is null || change.Boxes.Any(d.Area.Intersects)));

    /// <summary>The listener (re)connected and read <paramref name="versions"/>: whatever it missed meanwhile is unknown, so everything goes.</summary>
    public void Restart(IReadOnlyDictionary<string, long> versions)
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
            _byLayer.Clear();
            _bytes = 0;
            _applied.Clear();
            foreach (var (layer, version) in versions) _applied[layer] = version;
        }
    }

    /// <summary>The version of a layer up to which every change has been applied (0: none known yet).</summary>
    public long AppliedVersion(string layer)
    {
        lock (_lock) return _applied.GetValueOrDefault(layer);
    }

    public CacheStatistics Statistics
    {
        get
        {
            lock (_lock) return new CacheStatistics(_hits, _misses, _stored, _invalidated, _entries.Count, _bytes);
        }
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Key);
        _recency.Remove(entry.Node!);
        foreach (var layer in entry.DependsOn)
            if (_byLayer.TryGetValue(layer.Layer, out var set)) set.Remove(entry);
        _bytes -= entry.Size;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Spatial.Api.Http;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Collections;

/// <summary>The versions of a page's <see cref="PageDependencies.Tables"/> and when the newest of them changed.</summary>
public sealed record DependencyVersions(IReadOnlyDictionary<string, long> Versions, DateTimeOffset ChangedAt)
{
    /// <summary>The two columns of <see cref="PageDependencies.VersionsSql"/> at <paramref name="ordinal"/>.</summary>
    public static DependencyVersions Read(NpgsqlDataReader reader, int ordinal, IReadOnlyList<string> tables)
    {
        var versions = reader.GetFieldValue<long[]>(ordinal);
        if (versions.Length != tables.Count) throw new InvalidOperationException($"layer_versions has {versions.Length} of the {tables.Count} rows of {string.Join(", ", tables)}");
        return new(tables.Select((t, i) => (t, versions[i])).ToDictionary(p => p.t, p => p.Item2, StringComparer.Ordinal),
            reader.GetFieldValue<DateTimeOffset>(ordinal + 1));
    }
}

/// <summary>
/// Pages of /items and single features in the <see cref="ResponseCache"/>, and their validators. A page's bytes are a
/// function of its URL (scheme, host and query are in its links), of whether it counts numberMatched, of the
/// versions of the tables it reads and of this build: its <c>timeStamp</c> is when that data last changed, not when
/// the bytes were written. So one strong ETag — a hash of all that — names one sequence of bytes in every process.
/// </summary>
internal static class CachedPages
{
    private const string CurrentSql = "SELECT layer, version, changed_at FROM layer_versions WHERE layer = ANY($1)";

    /// <summary>The headers a cached page brings back with its bytes.</summary>
    private static readonly string[] KeptHeaders = [HeaderNames.ContentType, "Content-Crs", HeaderNames.ContentDisposition, HeaderNames.Link];

    /// <summary>The key of this request's answer: the whole URL as sent, which the answer's links repeat.</summary>
    public static string Key(HttpContext http, string kind) => $"{kind} {Links.Self(http.Request)}";

    /// <summary>Strong when <paramref name="exact"/> (the rows and the versions come from one snapshot), else weak.</summary>
    public static string ETag(string key, DependencyVersions made, bool exact)
    {
        var text = new StringBuilder(ConditionalGet.Build).Append('\n').Append(key);
        foreach (var (table, version) in made.Versions.OrderBy(v => v.Key, StringComparer.Ordinal))
            text.Append('\n').Append(table).Append('=').Append(version.ToString(CultureInfo.InvariantCulture));
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32]}\"";
        return exact ? tag : "W/" + tag;
    }

    /// <summary>The current versions of <paramref name="tables"/>: one statement on layer_versions, which reads no layer.</summary>
    public static async Task<DependencyVersions> CurrentAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CurrentSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var changedAt = DateTimeOffset.MinValue;
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
            var at = reader.GetFieldValue<DateTimeOffset>(2);
            if (at > changedAt) changedAt = at;
        }
        return new DependencyVersions(versions, changedAt);
    }

    /// <summary>Answers from the cache (the body, or 304 when the client holds it) when it keeps this answer at <paramref name="current"/>.</summary>
    public static async Task<bool> TryServeAsync(HttpContext http, string key, DependencyVersions current)
    {
        var cache = http.RequestServices.GetRequiredService<ResponseCache>();
        if (cache.Find(key, current.Versions) is not { } body) return false;
        http.Response.Headers["X-Cache"] = "hit";
        if (ConditionalGet.NotModified(http, body.ETag, body.LastModified ?? current.ChangedAt))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return true;
        }
        foreach (var (name, value) in body.Headers ?? []) http.Response.Headers[name] = value;
        http.Response.ContentLength = body.Bytes.Length;
        await http.Response.Body.WriteAsync(body.Bytes, http.RequestAborted);
        return true;
    }

    /// <summary>Where a page or feature being made is written: the response, and a copy for the cache when it may keep one.</summary>
    public static CapturingStream Body(HttpContext http, bool keep)
    {
        http.Response.Headers["X-Cache"] = "miss";
        var cache = http.RequestServices.GetRequiredService<ResponseCache>();
        var options = http.RequestServices.GetRequiredService<CacheOptions>();
        return new CapturingStream(http.Response.Body, keep && cache.Enabled ? options.MaxEntryBytes : 0);
    }

    /// <summary>
    /// Keeps what <paramref name="body"/> captured with its <paramref name="etag"/> (as made: the response's header may
    /// have the suffix of a content coding by now) and the headers that describe the bytes.
    /// </summary>
    public static void Store(HttpContext http, string key, string etag, CapturingStream body, DependencyVersions made, IReadOnlyList<CacheDependency> dependsOn)
    {
        if (body.Bytes is not { } bytes || http.RequestAborted.IsCancellationRequested) return;
        var headers = http.Response.Headers;
        var kept = KeptHeaders.Where(h => headers.ContainsKey(h)).Select(h => KeyValuePair.Create(h, headers[h].ToString())).ToList();
        http.RequestServices.GetRequiredService<ResponseCache>()
            .Store(key, new CachedBody(bytes, etag, made.ChangedAt, kept), dependsOn, made.Versions);
    }
}

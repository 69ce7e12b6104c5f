using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Api.Http.Caching;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// One feature of /items/{featureId} (GeoJSON, or its page for people when <c>html</c> is its language): from the
/// <see cref="ResponseCache"/> when it keeps it at the current versions, a 304 when the client's copy is current, else
/// made and kept. An edited feature's GeoJSON has its own version's ETag (writes send it back in If-Match); any other
/// answer has the hash of what its bytes are made from (<see cref="CachedPages"/>).
/// </summary>
internal sealed class FeatureResult(
    FeatureCollectionDefinition collection, string featureId, CrsReference crs, string sql, SqlParameters parameters, Language? html) : IResult
{
    private const string GeoJsonType = "application/geo+json";

    public Task ExecuteAsync(HttpContext http)
    {
        var key = CachedPages.Key(http, html is null ? "feature" : "feature+html");
        var tables = PageDependencies.Tables(collection);
        return ItemsQuery.RunAsync(http, collection, ReadStatement.Lookup, sql, parameters,
            connection => AnsweredAsync(connection, http, key, tables), async (reader, layer, statement) =>
            {
                var found = await reader.ReadAsync(http.RequestAborted);
                // The one row is in: the statement is done, whatever is written next.
                statement.Release();
                if (!found)
                {
                    await Problems.NotFound($"Collection {collection.Id} has no feature '{featureId}'.").ExecuteAsync(http);
                    return;
                }
                var made = DependencyVersions.Read(reader, 4, tables);
                var exact = layer.SameAs(made, collection.Table);
                // The feature's own version names its GeoJSON (writes send it back in If-Match), not its page for people.
                var etag = html is not null || reader.IsDBNull(3) ? CachedPages.ETag(key, made, exact) : FeatureVersions.ETag(collection.Table, featureId, reader.GetInt32(3));
                if (ConditionalGet.NotModified(http, etag, made.ChangedAt))
                {
                    http.Response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
                await using var body = CachedPages.Body(http, keep: exact);
                if (html is { } language)
                {
                    await FeatureHtml.WriteAsync(http, collection, layer, reader, language, body);
                    CachedPages.Store(http, key, etag, body, made, PageDependencies.Of(collection));
                    return;
                }
                http.Response.ContentType = GeoJsonType;
                http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
                await using (var writer = new Utf8JsonWriter(body, JsonOutput.WriterOptions))
                {
                    FeatureResponses.WriteFeature(writer, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                    [
                        new(Links.Self(http.Request), "self", GeoJsonType, "本要素 This feature"),
                        new(Links.WithParameter(http.Request, "f", "html", ["crs"]), "alternate", "text/html", "本要素网页版 This feature as HTML"),
                        new(Links.To(http.Request, $"/collections/{collection.Id}"), "collection", "application/json", layer.Title),
                    ]);
                    await writer.FlushAsync(http.RequestAborted);
                }
                CachedPages.Store(http, key, etag, body, made, PageDependencies.Of(collection));
            });
    }

    /// <summary>
    /// The feature from the cache, or a 304 decided from the versions without reading its geometry — never for a
    /// missing one, which is a 404 whatever the client's validators say; false when it has to be read.
    /// </summary>
    private async Task<bool> AnsweredAsync(NpgsqlConnection connection, HttpContext http, string key, IReadOnlyList<string> tables)
    {
        var conditional = ConditionalGet.IsConditional(http.Request);
        var current = await CachedPages.CurrentAsync(connection, tables, http.RequestAborted);
        if (await CachedPages.TryServeAsync(http, key, current)) return true;
        if (!conditional) return false;
        var (_, _, exists, featureVersion) = await ItemsQuery.FeatureVersionAsync(connection, collection, featureId, http.RequestAborted);
        if (!exists) return false;
        var etag = featureVersion is { } own && html is null ? FeatureVersions.ETag(collection.Table, featureId, own) : CachedPages.ETag(key, current, exact: true);
        if (!ConditionalGet.NotModified(http, etag, current.ChangedAt)) return false;
        http.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }
}

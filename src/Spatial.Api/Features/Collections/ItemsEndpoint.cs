using System.Globalization;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>/items and /items/{featureId}: validated here, answered by one batch (layer version + features) in one round trip.</summary>
public static class ItemsEndpoint
{
    private const string GeoJsonType = "application/geo+json";
    private const string VersionSql = """
        SELECT v.version, v.changed_at, coalesce(l.title, v.layer) FROM layer_versions v LEFT JOIN layers l ON l.table_name = v.layer WHERE v.layer = $1
        """;

    /// <summary>What a single feature takes: the formats and the other parameters.</summary>
    public static readonly OutputFormat[] ItemFormats = [OutputFormat.Json, OutputFormat.GeoJson];

    private static readonly string[] ItemParameters = ["crs", "f"];

    /// <summary>A layer's version (its ETag and Last-Modified) and its title, read with each page.</summary>
    private sealed record LayerState(long Version, DateTimeOffset ChangedAt, string Title);

    public static IResult Items(string collectionId, HttpContext http)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        if (ItemsRequest.TryParse(collection, http.Request.Query, out var request) is { } error) return Problems.BadParameter(error);
        var parameters = new SqlParameters();
        string sql;
        try
        {
            sql = ItemsSql.Build(request, parameters);
        }
        catch (Filtering.CqlException e)
        {
            return Problems.BadParameter(new ParameterError("filter", e.Message));
        }
        return request.Format.IsConverted() ? ExportsSetup.For(request, http.Request.Query) : new ItemsResult(request, sql, parameters);
    }

    public static IResult Item(string collectionId, string featureId, HttpContext http)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        var query = http.Request.Query;
        if (ParameterChecks.OnlyKnown(query, ItemParameters) is { } unknown) return Problems.BadParameter(unknown);
        if (ParameterChecks.Format(query, ItemFormats, out _) is { } badFormat) return Problems.BadParameter(badFormat);
        if (ParameterChecks.Crs(query, "crs", out var crs) is { } badCrs) return Problems.BadParameter(badCrs);
        var parameters = new SqlParameters();
        return new ItemResult(collection, featureId, crs, ItemsSql.BuildOne(collection, crs, parameters, featureId), parameters);
    }

    /// <summary>
    /// The layer version and the features, in one round trip on one connection that <paramref name="respond"/>
    /// reads from; the connection goes back to the pool however this ends (success, database error, cancellation).
    /// </summary>
    private static async Task QueryAsync(HttpContext http, FeatureCollectionDefinition collection, string sql, SqlParameters parameters,
        Func<NpgsqlDataReader, LayerState, Task> respond)
    {
        var dataSource = http.RequestServices.GetRequiredService<SpatialDatabase>().For(http);
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        await using var batch = new NpgsqlBatch(connection);
        var version = new NpgsqlBatchCommand(VersionSql);
        version.Parameters.Add(new NpgsqlParameter { Value = collection.Table });
        var items = new NpgsqlBatchCommand(sql);
        parameters.AddTo(items.Parameters);
        batch.BatchCommands.Add(version);
        batch.BatchCommands.Add(items);
        await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
        await reader.ReadAsync(http.RequestAborted);
        var layer = new LayerState(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2));
        await reader.NextResultAsync(http.RequestAborted);
        await respond(reader, layer);
    }

    /// <summary>Sets the validators; answers 304 (null) when the client's copy is current, else starts a GeoJSON body.</summary>
    internal static bool NotModified(HttpContext http, FeatureCollectionDefinition collection, long version, DateTimeOffset changedAt, string variant)
    {
        var etag = ConditionalGet.ETag(collection.Id, version.ToString(CultureInfo.InvariantCulture), variant);
        if (!ConditionalGet.NotModified(http, etag, changedAt)) return false;
        http.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }

    private static Utf8JsonWriter? StartGeoJson(
        HttpContext http, FeatureCollectionDefinition collection, long version, DateTimeOffset changedAt, string variant, CrsReference crs)
    {
        if (NotModified(http, collection, version, changedAt, variant)) return null;
        http.Response.ContentType = GeoJsonType;
        http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        return new Utf8JsonWriter(http.Response.BodyWriter, JsonOutput.WriterOptions);
    }

    /// <summary>An edited feature's own strong ETag (its version), which writes send back in If-Match.</summary>
    private static Utf8JsonWriter? StartVersionedGeoJson(
        HttpContext http, FeatureCollectionDefinition collection, string featureId, int version, DateTimeOffset changedAt, CrsReference crs)
    {
        if (ConditionalGet.NotModified(http, Editing.FeatureVersions.ETag(collection.Table, featureId, version), changedAt))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return null;
        }
        http.Response.ContentType = GeoJsonType;
        http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        return new Utf8JsonWriter(http.Response.BodyWriter, JsonOutput.WriterOptions);
    }

    private sealed class ItemsResult(ItemsRequest request, string sql, SqlParameters parameters) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => QueryAsync(http, request.Collection, sql, parameters, async (reader, layer) =>
            {
                if (request.Format == OutputFormat.Csv)
                {
                    await ItemsCsv.WriteAsync(http, request, reader, layer.Version, layer.ChangedAt);
                    return;
                }
                if (StartGeoJson(http, request.Collection, layer.Version, layer.ChangedAt, http.Request.QueryString.Value ?? "", request.Crs) is not { } writer) return;
                await using var _ = writer;
                var next = await FeatureResponses.WriteCollectionAsync(writer, reader, request.Limit, http.RequestAborted);
                List<Link> links =
                [
                    new(Links.Self(http.Request), "self", GeoJsonType, "本页 This page"),
                    new(Links.WithParameter(http.Request, "f", "csv"), "alternate", "text/csv", "本页 CSV（Excel）This page as CSV"),
                    .. ExportLinks.ForItems(http.Request, request),
                    new(Links.To(http.Request, $"/collections/{request.Collection.Id}"), "collection", "application/json", layer.Title),
                ];
                if (next is not null)
                    links.Add(new(Links.WithParameter(http.Request, "cursor", ItemsRequest.EncodeCursor(next)), "next", GeoJsonType, "下一页 Next page"));
                Links.Write(writer, links);
                writer.WriteEndObject();
                await writer.FlushAsync(http.RequestAborted);
            });
    }

    private sealed class ItemResult(
        FeatureCollectionDefinition collection, string featureId, CrsReference crs, string sql, SqlParameters parameters) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => QueryAsync(http, collection, sql, parameters, async (reader, layer) =>
            {
                if (!await reader.ReadAsync(http.RequestAborted))
                {
                    await Problems.NotFound($"Collection {collection.Id} has no feature '{featureId}'.").ExecuteAsync(http);
                    return;
                }
                var writer = reader.IsDBNull(3)
                    ? StartGeoJson(http, collection, layer.Version, layer.ChangedAt, featureId + http.Request.QueryString.Value, crs)
                    : StartVersionedGeoJson(http, collection, featureId, reader.GetInt32(3), layer.ChangedAt, crs);
                if (writer is null) return;
                await using var _ = writer;
                FeatureResponses.WriteFeature(writer, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                [
                    new(Links.Self(http.Request), "self", GeoJsonType, "本要素 This feature"),
                    new(Links.To(http.Request, $"/collections/{collection.Id}"), "collection", "application/json", layer.Title),
                ]);
                await writer.FlushAsync(http.RequestAborted);
            });
    }
}

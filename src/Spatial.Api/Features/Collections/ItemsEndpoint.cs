using System.Globalization;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>/items and /items/{featureId}: validated here, answered from the statements of <see cref="ItemsQuery"/>.</summary>
public static class ItemsEndpoint
{
    private const string GeoJsonType = "application/geo+json";

    /// <summary>What a single feature takes: the formats and the other parameters.</summary>
    public static readonly OutputFormat[] ItemFormats = [OutputFormat.Json, OutputFormat.GeoJson];

    private static readonly string[] ItemParameters = ["crs", "f"];

    public static IResult Items(string collectionId, HttpContext http)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        if (ItemsRequest.TryParse(collection, http.Request.Query, out var request) is { } error) return Problems.BadParameter(error);
        // numberMatched: a page of the whole layer has the layer's count; a filtered GeoJSON page counts only where that is cheap.
        var countMatched = request.Format is OutputFormat.Json or OutputFormat.GeoJson && !ItemsSql.SelectsWholeLayer(request)
            && http.RequestServices.GetRequiredService<LayerCounts>().CheapToCount(collection.Table);
        var parameters = new SqlParameters();
        string sql;
        try
        {
            sql = ItemsSql.Build(request, parameters, countMatched);
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

    private static string PageVariant(HttpContext http) => http.Request.QueryString.Value ?? "";

    private static string FeatureVariant(HttpContext http, string featureId) => featureId + http.Request.QueryString.Value;

    /// <summary>Sets the validators; answers 304 (null) when the client's copy is current, else starts a GeoJSON body.</summary>
    internal static bool NotModified(HttpContext http, FeatureCollectionDefinition collection, long version, DateTimeOffset changedAt, string variant)
    {
        if (!ConditionalGet.NotModified(http, PageETag(collection, version, variant), changedAt)) return false;
        http.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }

    private static string PageETag(FeatureCollectionDefinition collection, long version, string variant) =>
        ConditionalGet.ETag(collection.Id, version.ToString(CultureInfo.InvariantCulture), variant);

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
        HttpContext http, FeatureCollectionDefinition collection, string featureId, long version, DateTimeOffset changedAt, CrsReference crs)
    {
        if (FeatureNotModified(http, collection, featureId, version, changedAt))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return null;
        }
        http.Response.ContentType = GeoJsonType;
        http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        return new Utf8JsonWriter(http.Response.BodyWriter, JsonOutput.WriterOptions);
    }

    private static bool FeatureNotModified(HttpContext http, FeatureCollectionDefinition collection, string featureId, long version, DateTimeOffset changedAt) =>
        ConditionalGet.NotModified(http, Editing.FeatureVersions.ETag(collection.Table, featureId, version), changedAt);

    /// <summary>The 304 of a page decided from the layer's version alone.</summary>
    private static async Task<bool> PageNotModifiedAsync(NpgsqlConnection connection, HttpContext http, FeatureCollectionDefinition collection)
    {
        var (version, changedAt) = await ItemsQuery.PageVersionAsync(connection, collection, http.RequestAborted);
        return ConditionalGet.NotModified(http, PageETag(collection, version, PageVariant(http)), changedAt);
    }

    /// <summary>The 304 of a feature decided from its version (or its layer's), without reading its geometry; never for a missing one.</summary>
    private static async Task<bool> FeatureNotModifiedAsync(NpgsqlConnection connection, HttpContext http, FeatureCollectionDefinition collection, string featureId)
    {
        var (version, changedAt, exists, featureVersion) = await ItemsQuery.FeatureVersionAsync(connection, collection, featureId, http.RequestAborted);
        if (!exists) return false;
        return featureVersion is { } own
            ? FeatureNotModified(http, collection, featureId, own, changedAt)
            : ConditionalGet.NotModified(http, PageETag(collection, version, FeatureVariant(http, featureId)), changedAt);
    }

    private sealed class ItemsResult(ItemsRequest request, string sql, SqlParameters parameters) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => ItemsQuery.RunAsync(http, request.Collection, sql, parameters,
            connection => PageNotModifiedAsync(connection, http, request.Collection), async (reader, layer) =>
            {
                if (request.Format == OutputFormat.Csv)
                {
                    await ItemsCsv.WriteAsync(http, request, reader, layer.Version, layer.ChangedAt);
                    return;
                }
                if (StartGeoJson(http, request.Collection, layer.Version, layer.ChangedAt, PageVariant(http), request.Crs) is not { } writer) return;
                await using var _ = writer;
                var wholeLayer = ItemsSql.SelectsWholeLayer(request) ? layer.Count : (long?)null;
                var next = await FeatureResponses.WriteCollectionAsync(writer, reader, request.Limit, wholeLayer, request.After is null, http.RequestAborted);
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
        public Task ExecuteAsync(HttpContext http) => ItemsQuery.RunAsync(http, collection, sql, parameters,
            connection => FeatureNotModifiedAsync(connection, http, collection, featureId), async (reader, layer) =>
            {
                if (!await reader.ReadAsync(http.RequestAborted))
                {
                    await Problems.NotFound($"Collection {collection.Id} has no feature '{featureId}'.").ExecuteAsync(http);
                    return;
                }
                var writer = reader.IsDBNull(3)
                    ? StartGeoJson(http, collection, layer.Version, layer.ChangedAt, FeatureVariant(http, featureId), crs)
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

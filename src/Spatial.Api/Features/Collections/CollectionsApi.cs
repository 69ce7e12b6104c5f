using System.Globalization;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>OGC API – Features: /collections, /collections/{id}, /queryables, /items, /items/{featureId}.</summary>
public static class CollectionsApi
{
    private const string GeoJsonType = "application/geo+json";

    public static void MapCollections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Features")
            .UsesDatabase(RequestDeadlines.ReadOrExport).ReadsFromReplica();
        group.MapGet("", ListCollections).WithName("Collections").WithSummary("The feature collections (layers).")
            .Parameters(HtmlNegotiation.Parameters).Answers(200, "OK", "application/json", "text/html");
        group.MapGet("/{collectionId}", DescribeCollection).WithName("Collection").WithSummary("The collection's metadata.")
            .PathPerCollection(CollectionPaths.Every).Parameters(HtmlNegotiation.Parameters).Answers(200, "OK", "application/json", "text/html");
        group.MapGet("/{collectionId}/queryables", Queryables.Describe).WithName("Queryables")
            .WithSummary("The properties a filter or query parameter may name (JSON Schema).")
            .PathPerCollection(CollectionPaths.Every).Answers(200, "OK", "application/schema+json");
        group.MapGet("/{collectionId}/schema", Queryables.DescribeFeatures).WithName("Schema")
            .WithSummary("The feature schema (readOnly: not writable; required: what a new feature must carry).")
            .PathPerCollection(CollectionPaths.Every).Answers(200, "OK", "application/schema+json");
        group.MapGet("/{collectionId}/items", ItemsEndpoint.Items).WithName("Items").WithSummary("Features, paged, filtered.")
            .WithDescription(ItemsDocumentation.CachedAnswer).PathPerCollection(CollectionPaths.Every).WithQueryables()
            .Parameters(ItemsDocumentation.Items).Answers(200, "OK", ItemsDocumentation.ItemsTypes)
            .Problem(503, "Too many exports at once, or past the deadline (Retry-After)");
        group.MapGet("/{collectionId}/items/{featureId}", ItemsEndpoint.Item).WithName("Item").WithSummary("One feature.")
            .WithDescription(ItemsDocumentation.CachedAnswer).PathPerCollection(CollectionPaths.Every)
            .Parameters(ItemsDocumentation.Item).Answers(200, "OK", "application/geo+json", "text/html");
    }

    /// <summary>What /collections and /collections/{id} are written as.</summary>
    private static readonly OutputFormat[] MetadataFormats = [OutputFormat.Json, OutputFormat.Html];

    private static async Task<IResult> ListCollections(HttpContext http, SpatialDatabase database, LayerExtents extents, CancellationToken cancellationToken)
    {
        if (HtmlNegotiation.Format(http, MetadataFormats, out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        if (HtmlNegotiation.Language(http.Request.Query, out var language) is { } badLanguage) return Problems.BadParameter(badLanguage);
        await using var connection = await database.For(http).OpenConnectionAsync(cancellationToken);
        var versions = await LayerExtents.ReadVersionsAsync(connection, CollectionCatalog.All, cancellationToken);
        var etag = ConditionalGet.ETag("collections", string.Join('.', versions.Select(l => l.Version)), Variant(http, format));
        if (ConditionalGet.NotModified(http, etag, versions.Max(l => l.ChangedAt))) return Results.StatusCode(StatusCodes.Status304NotModified);
        var layers = await extents.WithExtentsAsync(connection, versions, cancellationToken);
        if (format == OutputFormat.Html) return new HtmlResult(CollectionsHtml.List(http.Request, language, layers));
        return new JsonDocumentResult("application/json", writer =>
        {
            writer.WriteStartObject();
            Links.Write(writer, [
                new(Links.Self(http.Request), "self", "application/json", "集合 Collections"),
                new(Links.WithParameter(http.Request, "f", "html"), "alternate", "text/html", "网页 This document as HTML"),
                new(Links.To(http.Request, "/"), "root", "application/json", "Spatial"),
            ]);
            writer.WriteStartArray("collections");
            foreach (var layer in layers) WriteCollection(writer, http.Request, CollectionCatalog.Find(layer.Id)!, layer);
            writer.WriteEndArray();
            writer.WriteStartArray("crs");
            foreach (var crs in CrsReference.Supported) writer.WriteStringValue(crs.Uri);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> DescribeCollection(
        string collectionId, HttpContext http, SpatialDatabase database, LayerExtents extents, CancellationToken cancellationToken)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return UnknownCollection(collectionId);
        if (HtmlNegotiation.Format(http, MetadataFormats, out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        if (HtmlNegotiation.Language(http.Request.Query, out var language) is { } badLanguage) return Problems.BadParameter(badLanguage);
        await using var connection = await database.For(http).OpenConnectionAsync(cancellationToken);
        var version = await LayerExtents.ReadVersionsAsync(connection, [collection], cancellationToken);
        var etag = ConditionalGet.ETag(collection.Id, version[0].Version.ToString(CultureInfo.InvariantCulture), Variant(http, format));
        if (ConditionalGet.NotModified(http, etag, version[0].ChangedAt)) return Results.StatusCode(StatusCodes.Status304NotModified);
        var layer = (await extents.WithExtentsAsync(connection, version, cancellationToken))[0];
        if (format == OutputFormat.Html) return new HtmlResult(CollectionsHtml.One(http.Request, language, collection, layer));
        return new JsonDocumentResult("application/json", writer => WriteCollection(writer, http.Request, collection, layer));
    }

    /// <summary>What besides the versions a metadata answer is made from: the host (its links), and for a page the whole URL (its language too).</summary>
    private static string Variant(HttpContext http, OutputFormat format) =>
        format == OutputFormat.Html ? "html " + Links.Self(http.Request) : http.Request.Host.Value ?? "";

    internal static IResult UnknownCollection(string collectionId) => Problems.NotFound(
        $"There is no collection '{collectionId}'. The collections are: {string.Join(", ", CollectionCatalog.All.Select(c => c.Id))}.");

    private static void WriteCollection(Utf8JsonWriter writer, HttpRequest request, FeatureCollectionDefinition c, LayerMetadata layer)
    {
        var path = $"/collections/{c.Id}";
        writer.WriteStartObject();
        writer.WriteString("id", c.Id);
        writer.WriteString("title", layer.Title);
        writer.WriteString("description", c.Description);
        writer.WriteString("itemType", "feature");
        Links.Write(writer, [
            new(Links.To(request, path), "self", "application/json", layer.Title),
            new(Links.To(request, path, QueryString.Create("f", "html")), "alternate", "text/html", "网页 This collection as HTML"),
            new(Links.To(request, path + "/items"), "items", GeoJsonType, "要素 Features"),
            new(Links.To(request, path + "/items", QueryString.Create("f", "html")), "items", "text/html", "要素网页 Features as HTML"),
            new(Links.To(request, path + "/queryables"), "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "可查询属性 Queryables"),
            new(Links.To(request, path + "/schema"), "describedby", "application/schema+json", "要素结构 Feature schema"),
            new(Links.To(request, path + "/tiles"), "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", "application/json", "矢量瓦片 Vector tiles"),
            .. ExportLinks.ForCollection(request, c),
        ]);
        writer.WriteStartObject("extent");
        writer.WriteStartObject("spatial");
        writer.WriteStartArray("bbox");
        if (layer.Bbox is { } bbox)
        {
            writer.WriteStartArray();
            foreach (var v in bbox) writer.WriteNumberValue(Math.Round(v, 7));
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteString("crs", CrsReference.Crs84Uri);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("crs");
        foreach (var crs in CrsReference.Supported) writer.WriteStringValue(crs.Uri);
        writer.WriteEndArray();
        writer.WriteString("storageCrs", CrsReference.Storage.Uri);
        writer.WriteString("geometryType", c.GeometryType);
        writer.WriteEndObject();
    }
}

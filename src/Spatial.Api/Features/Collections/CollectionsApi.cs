using System.Globalization;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>OGC API – Features: /collections, /collections/{id}, /queryables, /items, /items/{featureId}.</summary>
public static class CollectionsApi
{
    private const string GeoJsonType = "application/geo+json";

    // Extent, version and title of every layer in one statement; a layer's row is read only when it is asked for.
    private static string MetadataSql(IEnumerable<FeatureCollectionDefinition> collections) => string.Join("\nUNION ALL\n",
        collections.Select(c => $"""
            SELECT '{c.Id}', v.version, v.changed_at, ST_XMin(x.e), ST_YMin(x.e), ST_XMax(x.e), ST_YMax(x.e),
                   coalesce((SELECT l.title FROM layers l WHERE l.code = '{c.Id}'), '{c.Id}')
            FROM layer_versions v, (SELECT ST_Extent(geom)::geometry AS e FROM {c.Table}) x WHERE v.layer = '{c.Table}'
            """));

    public static void MapCollections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").WithTags("Features")
            .UsesDatabase(RequestDeadlines.ReadOrExport);
        group.MapGet("", ListCollections).WithName("Collections").WithSummary("The feature collections (layers).");
        group.MapGet("/{collectionId}", DescribeCollection).WithName("Collection").WithSummary("One collection's metadata.");
        group.MapGet("/{collectionId}/queryables", Queryables.Describe).WithName("Queryables")
            .WithSummary("The properties a filter or query parameter may name (JSON Schema).");
        group.MapGet("/{collectionId}/schema", Queryables.DescribeFeatures).WithName("Schema")
            .WithSummary("The feature properties and their types (JSON Schema).");
        group.MapGet("/{collectionId}/items", ItemsEndpoint.Items).WithName("Items").WithSummary("Features, paged, filtered.");
        group.MapGet("/{collectionId}/items/{featureId}", ItemsEndpoint.Item).WithName("Item").WithSummary("One feature.");
    }

    private sealed record LayerMetadata(string Id, long Version, DateTimeOffset ChangedAt, double[]? Bbox, string Title);

    private static async Task<IResult> ListCollections(HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var layers = await ReadMetadataAsync(database.For(http), CollectionCatalog.All, cancellationToken);
        var etag = ConditionalGet.ETag("collections", string.Join('.', layers.Select(l => l.Version)), http.Request.Host.Value ?? "");
        if (ConditionalGet.NotModified(http, etag, layers.Max(l => l.ChangedAt))) return Results.StatusCode(StatusCodes.Status304NotModified);
        return new JsonDocumentResult("application/json", writer =>
        {
            writer.WriteStartObject();
            Links.Write(writer, [
                new(Links.Self(http.Request), "self", "application/json", "集合 Collections"),
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
        string collectionId, HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return UnknownCollection(collectionId);
        var layer = (await ReadMetadataAsync(database.For(http), [collection], cancellationToken))[0];
        var etag = ConditionalGet.ETag(collection.Id, layer.Version.ToString(CultureInfo.InvariantCulture), http.Request.Host.Value ?? "");
        if (ConditionalGet.NotModified(http, etag, layer.ChangedAt)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return new JsonDocumentResult("application/json", writer => WriteCollection(writer, http.Request, collection, layer));
    }

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
            new(Links.To(request, path + "/items"), "items", GeoJsonType, "要素 Features"),
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

    private static async Task<List<LayerMetadata>> ReadMetadataAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<FeatureCollectionDefinition> collections, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MetadataSql(collections));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var layers = new List<LayerMetadata>();
        while (await reader.ReadAsync(cancellationToken))
            layers.Add(new LayerMetadata(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : [reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)],
                reader.GetString(7)));
        return layers;
    }
}

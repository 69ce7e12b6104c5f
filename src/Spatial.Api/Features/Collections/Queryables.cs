using System.Text.Json;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing;
using Spatial.Api.Features.Filtering;
using Spatial.Api.Features.Vocabulary;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// JSON Schemas of a collection: /queryables (what filters may name, OGC API Features Part 3) and
/// /schema (the feature properties with their types; the "describedby" target GDAL reads its field types from).
/// A coded property's <c>enum</c> is its vocabulary's codes, read from the lookup table. In /schema, what a
/// client cannot write is <c>readOnly</c> (every property of reference data; of an editable layer, all but
/// its editable columns) and <c>required</c> lists the columns a new feature must carry, both as
/// <see cref="EditingSchema"/> reads them from the database.
/// </summary>
public static class Queryables
{
    public static Task<IResult> Describe(string collectionId, HttpContext http, SpatialDatabase database, CancellationToken cancellationToken) =>
        SchemaAsync(collectionId, http, database, null, cancellationToken);

    public static Task<IResult> DescribeFeatures(
        string collectionId, HttpContext http, SpatialDatabase database, EditingSchema editing, CancellationToken cancellationToken) =>
        SchemaAsync(collectionId, http, database, editing, cancellationToken);

    /// <summary>The queryables, or with <paramref name="editing"/> the feature schema.</summary>
    private static async Task<IResult> SchemaAsync(
        string collectionId, HttpContext http, SpatialDatabase database, EditingSchema? editing, CancellationToken cancellationToken)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        var describesFeatures = editing is not null;
        var kind = describesFeatures ? "schema" : "queryables";
        var vocabulary = await Vocabularies.ReadAsync(database.For(http), cancellationToken);
        // Reference data has no editable layer: all its properties are read-only.
        var writable = editing is null ? null
            : (await editing.LayersAsync(database.For(http), cancellationToken)).GetValueOrDefault(collection.Id);
        return new JsonDocumentResult("application/schema+json", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            writer.WriteString("$id", Links.To(http.Request, $"/collections/{collection.Id}/{kind}"));
            writer.WriteString("type", "object");
            writer.WriteString("title", vocabulary.TitleOf(collection.Id));
            writer.WriteStartObject("properties");
            if (!describesFeatures)
            {
                writer.WriteStartObject(CqlToSql.GeometryProperty);
                writer.WriteString("title", "几何 Geometry");
                writer.WriteString("format", "geometry-" + collection.GeometryType.ToLowerInvariant());
                writer.WriteEndObject();
            }
            foreach (var property in collection.Properties)
            {
                writer.WriteStartObject(property.Name);
                writer.WriteString("title", property.Title);
                var codes = property.Vocabulary is { } list ? vocabulary.Codes(list) : null;
                switch (property.Type)
                {
                    case PropertyType.StringArray:
                        writer.WriteString("type", "array");
                        writer.WriteStartObject("items");
                        writer.WriteString("type", "string");
                        WriteEnum(writer, codes);
                        writer.WriteEndObject();
                        break;
                    case PropertyType.DateTime or PropertyType.Date:
                        writer.WriteString("type", "string");
                        writer.WriteString("format", property.Type == PropertyType.Date ? "date" : "date-time");
                        break;
                    default:
                        writer.WriteString("type", property.Type.ToString().ToLowerInvariant());
                        WriteEnum(writer, codes);
                        break;
                }
                if (describesFeatures && (writable is null || writable.IsReadOnly(property.Name))) writer.WriteBoolean("readOnly", true);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            if (writable?.Columns.Where(c => c.Required).Select(c => c.Name).ToList() is { Count: > 0 } required)
            {
                writer.WriteStartArray("required");
                foreach (var name in required) writer.WriteStringValue(name);
                writer.WriteEndArray();
            }
            writer.WriteBoolean("additionalProperties", false);
            writer.WriteEndObject();
        });
    }

    private static void WriteEnum(Utf8JsonWriter writer, IReadOnlyList<string>? codes)
    {
        if (codes is null) return;
        writer.WriteStartArray("enum");
        foreach (var code in codes) writer.WriteStringValue(code);
        writer.WriteEndArray();
    }
}

using Spatial.Api.Features.Filtering;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// JSON Schemas of a collection: /queryables (what filters may name, OGC API Features Part 3) and
/// /schema (the feature properties with their types; the "describedby" target GDAL reads its field types from).
/// </summary>
public static class Queryables
{
    public static IResult Describe(string collectionId, HttpContext http) => Schema(collectionId, http, "queryables");

    public static IResult DescribeFeatures(string collectionId, HttpContext http) => Schema(collectionId, http, "schema");

    private static IResult Schema(string collectionId, HttpContext http, string kind)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        return new JsonDocumentResult("application/schema+json", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            writer.WriteString("$id", Links.To(http.Request, $"/collections/{collection.Id}/{kind}"));
            writer.WriteString("type", "object");
            writer.WriteString("title", collection.Title);
            writer.WriteStartObject("properties");
            if (kind == "queryables")
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
                switch (property.Type)
                {
                    case PropertyType.StringArray:
                        writer.WriteString("type", "array");
                        writer.WriteStartObject("items");
                        writer.WriteString("type", "string");
                        writer.WriteEndObject();
                        break;
                    case PropertyType.DateTime or PropertyType.Date:
                        writer.WriteString("type", "string");
                        writer.WriteString("format", property.Type == PropertyType.Date ? "date" : "date-time");
                        break;
                    default:
                        writer.WriteString("type", property.Type.ToString().ToLowerInvariant());
                        break;
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteBoolean("additionalProperties", false);
            writer.WriteEndObject();
        });
    }
}

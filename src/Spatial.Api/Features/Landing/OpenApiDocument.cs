using System.Text.Json;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Counties;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Landing;

/// <summary>
/// The OpenAPI 3.0 definition, generated from the collection catalog so that every collection's
/// queryables appear as parameters of its own /items path.
/// </summary>
public static class OpenApiDocument
{
    private sealed record Parameter(string Name, string In, string Description, string Type = "string", bool Required = false,
        string? Format = null, IReadOnlyList<string>? Enum = null, int? Minimum = null, int? Maximum = null, int? Default = null);

    private static readonly Parameter[] ItemsParameters =
    [
        new("bbox", "query", "minx,miny,maxx,maxy in bbox-crs (axis order of that CRS); 4 or 6 numbers"),
        new("bbox-crs", "query", "CRS of bbox (default CRS84)", Enum: CrsReference.Supported.Select(c => c.Uri).ToList()),
        new("crs", "query", "CRS of the response geometries (default CRS84)", Enum: CrsReference.Supported.Select(c => c.Uri).ToList()),
        new("limit", "query", "features per page", "integer", Minimum: 1, Maximum: ItemsRequest.MaxLimit, Default: ItemsRequest.DefaultLimit),
        new("cursor", "query", "opaque position from a 'next' link (keyset paging)"),
        new("datetime", "query", "RFC 3339 instant or interval; the layers have no temporal geometry, so it selects all"),
        new("filter", "query", "CQL2 filter (basic CQL2, LIKE/IN/BETWEEN, spatial functions with WKT/BBOX)"),
        new("filter-lang", "query", "language of filter", Enum: ["cql2-text", "cql2-json"]),
        new("filter-crs", "query", "CRS of geometry literals in filter (default CRS84)", Enum: CrsReference.Supported.Select(c => c.Uri).ToList()),
        new("sortby", "query", "comma-separated properties, '-' prefix for descending"),
        new("properties", "query", "comma-separated properties to return"),
        new("f", "query", "format", Enum: Codes(ItemsRequest.Formats)),
    ];

    private static List<string> Codes(IEnumerable<OutputFormat> formats) => formats.Select(f => f.Code()).ToList();

    public static void Write(Utf8JsonWriter w, string serverUrl)
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.3");
        w.WriteStartObject("info");
        w.WriteString("title", "Spatial — Jixi & Suifenhe bio-economy plans");
        w.WriteString("version", "1.0.0");
        w.WriteString("description", "OGC API – Features (Parts 1–3) over the plans' layers, plus county statistics.");
        w.WriteEndObject();
        w.WriteStartArray("servers");
        w.WriteStartObject();
        w.WriteString("url", serverUrl);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("paths");
        Path(w, "/", "Landing page", [], "application/json");
        Path(w, "/conformance", "Conformance classes", [], "application/json");
        Path(w, "/api", "This API definition", [], "application/vnd.oai.openapi+json;version=3.0");
        Path(w, "/collections", "The collections", [], "application/json");
        Path(w, "/vocabulary", "Every vocabulary (codes, labels, attributes) and the layers", [], "application/json");
        Path(w, "/health", "Liveness", [], "application/json");
        Path(w, "/health/ready", "Readiness: database, PostGIS, schema", [], "application/json");
        foreach (var c in CollectionCatalog.All)
        {
            var at = $"/collections/{c.Id}";
            Path(w, at, $"{c.Id}: metadata", [], "application/json");
            Path(w, at + "/queryables", $"{c.Id}: queryables", [], "application/schema+json");
            Path(w, at + "/schema", $"{c.Id}: feature schema", [], "application/schema+json");
            var queryables = c.Properties.Select(p => new Parameter(p.Name, "query", $"equals (repeat for any of several): {p.Title}",
                p.Type switch
                {
                    PropertyType.Number => "number", PropertyType.Integer => "integer", PropertyType.Boolean => "boolean", _ => "string",
                },
                Format: p.Type == PropertyType.DateTime ? "date-time" : null));
            Path(w, at + "/items", $"{c.Id}: features", [.. ItemsParameters, .. queryables], "application/geo+json");
            Path(w, at + "/items/{featureId}", $"{c.Id}: one feature",
                [new("featureId", "path", "feature id", Required: true), ItemsParameters[2], new("f", "query", "format", Enum: Codes(ItemsEndpoint.ItemFormats))],
                "application/geo+json");
        }
        var code = new Parameter("code", "path", "county code (GB/T 2260), e.g. 230382", Required: true);
        var format = new Parameter("f", "query", "format", Enum: Codes(CountyRequests.Formats));
        Path(w, "/counties/{code}/summary", "County summary: zones by category, parks, projects by sector, ecological areas", [code, format], "application/json");
        Path(w, "/counties/{code}/zones", "Planting zones in or overlapping the county, with the area inside it",
            [code, new("category", "query", "zone category"), format], "application/json");
        Path(w, "/statistics/zones", "Planting-zone areas across the plan area",
            [new("group-by", "query", "county, category or county,category"), format], "application/json");
        Path(w, "/collections/projects/items/{projectId}/footprint-check", "The footprint check of a stored project",
            [new("projectId", "path", "project id, e.g. JX-28", Required: true)], "application/json");
        Path(w, "/footprint-checks/projects", "Every stored project's footprint verdict", [], "application/json");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Path(Utf8JsonWriter w, string path, string summary, IEnumerable<Parameter> parameters, string contentType)
    {
        w.WriteStartObject(path);
        w.WriteStartObject("get");
        w.WriteString("summary", summary);
        w.WriteString("operationId", "get" + string.Concat(path.Split('/', '-', '{', '}').Select(s => s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : "")));
        w.WriteStartArray("parameters");
        foreach (var p in parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("in", p.In);
            w.WriteString("description", p.Description);
            w.WriteBoolean("required", p.Required || p.In == "path");
            if (p.In == "query") w.WriteBoolean("explode", false);
            w.WriteStartObject("schema");
            w.WriteString("type", p.Type);
            if (p.Format is not null) w.WriteString("format", p.Format);
            if (p.Minimum is not null) w.WriteNumber("minimum", p.Minimum.Value);
            if (p.Maximum is not null) w.WriteNumber("maximum", p.Maximum.Value);
            if (p.Default is not null) w.WriteNumber("default", p.Default.Value);
            if (p.Enum is not null)
            {
                w.WriteStartArray("enum");
                foreach (var e in p.Enum) w.WriteStringValue(e);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("responses");
        Response(w, "200", "OK", contentType);
        if (path != "/" && !path.StartsWith("/health", StringComparison.Ordinal))
        {
            Response(w, "400", "A parameter is invalid; the problem names it", "application/problem+json");
            if (path.Contains('{', StringComparison.Ordinal)) Response(w, "404", "No such resource", "application/problem+json");
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Response(Utf8JsonWriter w, string status, string description, string contentType)
    {
        w.WriteStartObject(status);
        w.WriteString("description", description);
        w.WriteStartObject("content");
        w.WriteStartObject(contentType);
        w.WriteStartObject("schema");
        w.WriteString("type", "object");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Tiles;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Landing;

/// <summary>
/// The OpenAPI 3.0 definition, written from the endpoints the service maps: their methods, route patterns, names, summaries,
/// tags, request and response media types (the framework's metadata) and the parameters each endpoint names where it is
/// mapped (<see cref="ApiDocumentation"/>). A route with {collectionId} is written out once per collection it serves, so
/// that every collection's queryables appear as parameters of its own /items path.
/// </summary>
public static class OpenApiDocument
{
    private static readonly string[] IgnoredMethods = ["HEAD", "OPTIONS"];

    /// <summary>One method of one path; <see cref="ReadOnly"/>: what the route does on a collection no role writes, when it says.</summary>
    private sealed record Operation(string Path, string Method, RouteEndpoint Endpoint, FeatureCollectionDefinition? Collection, OnReadOnlyCollections? ReadOnly);

    /// <summary>The document; <paramref name="editable"/> are the collections with write operations (the database's role_layers).</summary>
    public static void Write(Utf8JsonWriter w, string serverUrl, IReadOnlySet<string> editable, IEnumerable<Endpoint> endpoints)
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.3");
        w.WriteStartObject("info");
        w.WriteString("title", "Spatial — Jixi & Suifenhe bio-economy plans");
        w.WriteString("version", "1.0.0");
        w.WriteString("description", "OGC API – Features (Parts 1–4) and Tiles (Mapbox Vector Tiles) over the plans' layers, plus county statistics, footprint checks, imports and history.");
        w.WriteEndObject();
        w.WriteStartArray("servers");
        w.WriteStartObject();
        w.WriteString("url", serverUrl);
        w.WriteEndObject();
        w.WriteEndArray();
        WriteComponents(w);
        w.WriteStartObject("paths");
        foreach (var path in Operations(endpoints, editable).GroupBy(o => o.Path))
        {
            w.WriteStartObject(path.Key);
            foreach (var operation in path) WriteOperation(w, operation);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The route pattern as an OpenAPI path: "/" + pattern, constraints (<c>{version:int}</c>) left out.</summary>
    public static string PathOf(RouteEndpoint endpoint) =>
        "/" + Regex.Replace(endpoint.RoutePattern.RawText!.Trim('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");

    public static IEnumerable<string> MethodsOf(Endpoint endpoint) =>
        (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Where(m => !IgnoredMethods.Contains(m));

    private static IEnumerable<Operation> Operations(IEnumerable<Endpoint> endpoints, IReadOnlySet<string> editable) =>
        from endpoint in endpoints.OfType<RouteEndpoint>()
        from method in MethodsOf(endpoint)
        let path = PathOf(endpoint)
        from collection in CollectionsFor(endpoint, editable)
        select new Operation(collection is null ? path : path.Replace("{collectionId}", collection.Id, StringComparison.Ordinal),
            method.ToLowerInvariant(), endpoint, collection,
            collection is not null && !editable.Contains(collection.Id) ? endpoint.Metadata.GetMetadata<OnReadOnlyCollections>() : null);

    /// <summary>The collections a route is written out for; one null for a route written as it is.</summary>
    private static IEnumerable<FeatureCollectionDefinition?> CollectionsFor(RouteEndpoint endpoint, IReadOnlySet<string> editable) =>
        endpoint.Metadata.GetMetadata<CollectionPathsMetadata>()?.Paths switch
        {
            CollectionPaths.Every => CollectionCatalog.All.AsEnumerable<FeatureCollectionDefinition?>(),
            CollectionPaths.Editable => CollectionCatalog.All.Where(c => editable.Contains(c.Id)),
            CollectionPaths.Tiled => CollectionCatalog.All.Where(c => TileLayers.All.Any(l => l.Name == c.Id)),
            _ => Template,
        };

    private static readonly FeatureCollectionDefinition?[] Template = [null];

    private static void WriteOperation(Utf8JsonWriter w, Operation operation)
    {
        if (operation.ReadOnly is { } readOnly)
        {
            WriteReadOnlyOperation(w, operation, readOnly);
            return;
        }
        var metadata = operation.Endpoint.Metadata;
        w.WriteStartObject(operation.Method);
        var summary = metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? operation.Endpoint.DisplayName ?? operation.Path;
        w.WriteString("summary", operation.Collection is { } c ? $"{c.Id}: {summary}" : summary);
        if (metadata.GetMetadata<IEndpointDescriptionMetadata>() is { } description) w.WriteString("description", description.Description);
        w.WriteString("operationId", OperationId(operation.Method, operation.Path));
        var tags = metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToList();
        if (tags.Count > 0)
        {
            w.WriteStartArray("tags");
            foreach (var tag in tags) w.WriteStringValue(tag);
            w.WriteEndArray();
        }
        var secured = metadata.GetMetadata<NeedsCredentials>() is not null;
        if (secured) Security(w);
        var parameters = ParametersOf(operation);
        WriteParameters(w, parameters);
        if (metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(a => a.ContentTypes)
                .Concat(metadata.GetOrderedMetadata<ApiBody>().SelectMany(b => b.MediaTypes)).Distinct().ToList() is { Count: > 0 } bodies)
            WriteBody(w, bodies);
        WriteResponses(w, operation, secured, parameters.Count > 0);
        w.WriteEndObject();
    }

    /// <summary>A route on a collection no role writes: only what it does there, from <see cref="OnReadOnlyCollections"/>.</summary>
    private static void WriteReadOnlyOperation(Utf8JsonWriter w, Operation operation, OnReadOnlyCollections readOnly)
    {
        w.WriteStartObject(operation.Method);
        w.WriteString("summary", $"{operation.Collection!.Id}: {readOnly.Summary}");
        w.WriteString("operationId", OperationId(operation.Method, operation.Path));
        w.WriteStartArray("tags");
        foreach (var tag in operation.Endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).Distinct()) w.WriteStringValue(tag);
        w.WriteEndArray();
        WriteParameters(w, []);
        WriteBody(w, readOnly.Bodies);
        w.WriteStartObject("responses");
        foreach (var response in readOnly.Responses.OrderBy(r => r.StatusCode))
        {
            w.WriteStartObject(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("description", response.Description);
            if (response.MediaTypes.Length > 0) WriteContent(w, response.MediaTypes);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The route's own path parameters (typed by their constraints unless documented), then what the endpoint
    /// documents, then a collection's queryables.</summary>
    private static List<ApiParameter> ParametersOf(Operation operation)
    {
        var documented = operation.Endpoint.Metadata.GetOrderedMetadata<ApiParameters>().SelectMany(p => p.All).ToList();
        var inPath = operation.Endpoint.RoutePattern.Parameters
            .Where(p => operation.Collection is null || p.Name != "collectionId")
            .Select(p => documented.FirstOrDefault(d => d.In == ParameterIn.Path && d.Name == p.Name)
                         ?? ApiParameter.Path(p.Name, p.Name, p.ParameterPolicies.Any(q => q.Content is "int" or "long") ? "integer" : "string"));
        var queryables = operation.Collection is { } collection && operation.Endpoint.Metadata.GetMetadata<QueryablesAsParameters>() is not null
            ? collection.Properties.Select(Queryable)
            : [];
        return [.. inPath, .. documented.Where(d => d.In != ParameterIn.Path), .. queryables];
    }

    private static ApiParameter Queryable(FeatureProperty p) => ApiParameter.Query(p.Name, $"equals (repeat for any of several): {p.Title}",
        p.Type switch { PropertyType.Number => "number", PropertyType.Integer => "integer", PropertyType.Boolean => "boolean", _ => "string" },
        format: p.Type == PropertyType.DateTime ? "date-time" : null);

    private static string OperationId(string method, string path) =>
        method + string.Concat(path.Split('/', '-', '{', '}', '.').Select(s => s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : ""));

    private static void WriteParameters(Utf8JsonWriter w, IEnumerable<ApiParameter> parameters)
    {
        w.WriteStartArray("parameters");
        foreach (var p in parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("in", p.In.ToString().ToLowerInvariant());
            w.WriteString("description", p.Description);
            w.WriteBoolean("required", p.Required || p.In == ParameterIn.Path);
            if (p.In == ParameterIn.Query) w.WriteBoolean("explode", false);
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
    }

    private static void WriteBody(Utf8JsonWriter w, IEnumerable<string> mediaTypes)
    {
        w.WriteStartObject("requestBody");
        w.WriteBoolean("required", true);
        WriteContent(w, mediaTypes);
        w.WriteEndObject();
    }

    /// <summary>A body's media types, each with its schema.</summary>
    private static void WriteContent(Utf8JsonWriter w, IEnumerable<string> mediaTypes)
    {
        w.WriteStartObject("content");
        foreach (var mediaType in mediaTypes)
        {
            w.WriteStartObject(mediaType);
            WriteSchema(w, mediaType);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>What the endpoint says it answers; then the problems every endpoint of its kind may give, where it did not
    /// say them itself: 400 when it reads parameters, 404 under a path with a variable left, 401/403 with credentials.</summary>
    private static void WriteResponses(Utf8JsonWriter w, Operation operation, bool secured, bool hasParameters)
    {
        var declared = operation.Endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .GroupBy(r => r.StatusCode).Select(g => (Status: g.Key, Description: g.Select(r => r.Description).FirstOrDefault(d => d is not null),
                MediaTypes: g.SelectMany(r => r.ContentTypes).Distinct().ToList()))
            .ToList();
        if (!declared.Any(r => r.Status is >= 200 and < 300))
            declared.Insert(0, (200, "OK", ["application/json"]));
        var problems = new List<(int, string)>();
        if (hasParameters) problems.Add((400, "A parameter or header is invalid; the problem names it"));
        if (secured)
        {
            problems.Add((401, "No or unknown credentials"));
            problems.Add((403, "The role may not do this, or a token's role is not one of this service"));
        }
        if (operation.Path.Contains('{', StringComparison.Ordinal)) problems.Add((404, "No such resource; the problem names the parameter"));
        declared.AddRange(problems.Where(p => declared.All(d => d.Status != p.Item1)).Select(p => (p.Item1, (string?)p.Item2, new List<string> { "application/problem+json" })));
        w.WriteStartObject("responses");
        foreach (var (status, description, mediaTypes) in declared.OrderBy(r => r.Status))
        {
            w.WriteStartObject(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("description", description ?? (status < 300 ? "OK" : "Problem"));
            if (mediaTypes.Count > 0) WriteContent(w, mediaTypes);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>JSON bodies are objects; a CSV page, a tile, a page for people or an export file is a document of its own.</summary>
    private static void WriteSchema(Utf8JsonWriter w, string mediaType)
    {
        w.WriteStartObject("schema");
        if (mediaType.Contains("json", StringComparison.Ordinal)) w.WriteString("type", "object");
        else
        {
            w.WriteString("type", "string");
            if (!mediaType.StartsWith("text/", StringComparison.Ordinal)) w.WriteString("format", "binary");
        }
        w.WriteEndObject();
    }

    private static void WriteComponents(Utf8JsonWriter w)
    {
        w.WriteStartObject("components");
        w.WriteStartObject("securitySchemes");
        w.WriteStartObject("apiKey");
        w.WriteString("type", "apiKey");
        w.WriteString("in", "header");
        w.WriteString("name", "X-API-Key");
        w.WriteString("description", "scripts/spatial keys create --role ROLE --name NAME");
        w.WriteEndObject();
        w.WriteStartObject("bearer");
        w.WriteString("type", "http");
        w.WriteString("scheme", "bearer");
        w.WriteString("bearerFormat", "JWT");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Security(Utf8JsonWriter w)
    {
        w.WriteStartArray("security");
        foreach (var scheme in new[] { "apiKey", "bearer" })
        {
            w.WriteStartObject();
            w.WriteStartArray(scheme);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}

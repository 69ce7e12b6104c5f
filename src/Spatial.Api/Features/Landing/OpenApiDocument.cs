using System.Text.Json;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Counties;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Landing;

/// <summary>
/// The OpenAPI 3.0 definition, generated from the collection catalog so that every collection's
/// queryables appear as parameters of its own /items path.
/// </summary>
public static partial class OpenApiDocument
{
    private sealed record Parameter(string Name, string In, string Description, string Type = "string", bool Required = false,
        string? Format = null, IReadOnlyList<string>? Enum = null, int? Minimum = null, int? Maximum = null, int? Default = null);

    /// <summary>A write on a path: method, what it does, the bodies it reads, its success status, and whether it needs If-Match.</summary>
    private sealed record WriteOperation(string Method, string Summary, IReadOnlyList<string> Bodies, string Status, bool IfMatch = false, bool Reason = false,
        IReadOnlyList<Parameter>? Query = null, IReadOnlyList<(string Status, string Description)>? Responses = null);

    private static readonly string[] FeatureBodies = ["application/geo+json", "application/json"];

    /// <summary>lang of the pages for people (f=html): zh (default) or en.</summary>
    private static readonly Parameter Language = new("lang", "query", "f=html: the page's language", Enum: ["zh", "en"]);

    /// <summary>f and lang of the resources that are also pages for people.</summary>
    private static readonly Parameter[] HtmlOrJson = [new("f", "query", "format (without f, a browser's Accept: text/html gets html)", Enum: ["json", "html"]), Language];

    private static readonly string[] Html = ["text/html"];

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
        new("f", "query", "format: json, geojson, csv and html are pages (without f, a browser's Accept: text/html gets html); gpkg, shp (zip), kml and dxf are files of every matching feature (limit ignored)",
            Enum: Codes(ItemsRequest.Formats)),
        new("before", "query", "f=html only: the page that ends before this cursor (its 上一页 link)"),
        Language,
        new("encoding", "query", "f=shp only: text encoding of the .dbf (default UTF-8; GBK for older ArcGIS)", Enum: [.. ExportRequest.EncodingCodes]),
    ];

    /// <summary>How pages and features are cached and compressed (README, Caching and compression).</summary>
    private const string CachedAnswer =
        "Strong ETag (with -br or -gzip when compressed), Last-Modified, Cache-Control: no-cache (revalidate: 304), X-Cache: hit|miss, Vary: Accept-Encoding (and Accept without f)";

    /// <summary>What /items answers besides GeoJSON: the CSV page and the export files.</summary>
    private static readonly string[] ItemsTypes = ["text/csv", "text/html", .. ExportFormats.Converted.Select(f => f.MediaType)];

    private static List<string> Codes(IEnumerable<OutputFormat> formats) => formats.Select(f => f.Code()).ToList();

    /// <summary>The document; <paramref name="editable"/> are the collections with write operations (the database's role_layers).</summary>
    public static void Write(Utf8JsonWriter w, string serverUrl, IReadOnlySet<string> editable)
    {
        w.WriteStartObject();
        w.WriteString("openapi", "3.0.3");
        w.WriteStartObject("info");
        w.WriteString("title", "Spatial — Jixi & Suifenhe bio-economy plans");
        w.WriteString("version", "1.0.0");
        w.WriteString("description", "OGC API – Features (Parts 1–4) and Tiles (Mapbox Vector Tiles) over the plans' layers, plus county statistics.");
        w.WriteEndObject();
        w.WriteStartArray("servers");
        w.WriteStartObject();
        w.WriteString("url", serverUrl);
        w.WriteEndObject();
        w.WriteEndArray();
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
        w.WriteStartObject("paths");
        Path(w, "/", "Landing page (a browser without f gets the map)", HtmlOrJson, "application/json", alternatives: Html);
        Path(w, "/conformance", "Conformance classes", HtmlOrJson, "application/json", alternatives: Html);
        Path(w, "/api", "This API definition", [], "application/vnd.oai.openapi+json;version=3.0");
        Path(w, "/collections", "The collections", HtmlOrJson, "application/json", alternatives: Html);
        Path(w, "/vocabulary", "Every vocabulary (codes, labels, attributes) and the layers", [], "application/json");
        Path(w, "/health", "Liveness", [], "application/json");
        Path(w, "/health/ready", "Readiness: database, PostGIS, schema, primary or replica (and its replay lag)", [], "application/json");
        Path(w, "/metrics", "Prometheus metrics of this process (text format 0.0.4), for the networks of Spatial:Metrics:AllowedNetworks (loopback by default)", [], "text/plain");
        foreach (var c in CollectionCatalog.All)
        {
            var at = $"/collections/{c.Id}";
            Path(w, at, $"{c.Id}: metadata", HtmlOrJson, "application/json", alternatives: Html);
            Path(w, at + "/queryables", $"{c.Id}: queryables", [], "application/schema+json");
            Path(w, at + "/schema", $"{c.Id}: feature schema (readOnly: not writable; required: what a new feature must carry)", [], "application/schema+json");
            var queryables = c.Properties.Select(p => new Parameter(p.Name, "query", $"equals (repeat for any of several): {p.Title}",
                p.Type switch
                {
                    PropertyType.Number => "number", PropertyType.Integer => "integer", PropertyType.Boolean => "boolean", _ => "string",
                },
                Format: p.Type == PropertyType.DateTime ? "date-time" : null));
            var writable = editable.Contains(c.Id);
            Path(w, at + "/items", $"{c.Id}: features. {CachedAnswer}", [.. ItemsParameters, .. queryables], "application/geo+json",
                writable ? [new("post", $"{c.Id}: add a feature (Content-Crs names the CRS of its coordinates)", FeatureBodies, "201")] : [],
                alternatives: ItemsTypes);
            Path(w, at + "/items/{featureId}", $"{c.Id}: one feature. {CachedAnswer}",
                [new("featureId", "path", "feature id", Required: true), ItemsParameters[2], new("f", "query", "format", Enum: Codes(ItemsEndpoint.ItemFormats)), Language],
                "application/geo+json",
                writable
                    ?
                    [
                        new("put", $"{c.Id}: replace a feature", FeatureBodies, "200", IfMatch: true, Reason: true),
                        new("patch", $"{c.Id}: change properties or the geometry (JSON Merge Patch)", ["application/merge-patch+json", "application/json"], "200", IfMatch: true, Reason: true),
                        new("delete", $"{c.Id}: delete a feature (it stays in its history)", [], "204", IfMatch: true, Reason: true),
                    ]
                    : [],
                alternatives: Html);
            if (writable)
            {
                var feature = new Parameter("featureId", "path", "feature id", Required: true);
                Path(w, at + "/items/{featureId}/history", $"{c.Id}: every version of a feature", [feature], "application/json");
                Path(w, at + "/items/{featureId}/history/{version}", $"{c.Id}: the feature as it was after a version",
                    [feature, new("version", "path", "version", "integer", Required: true), ItemsParameters[2]], "application/geo+json");
            }
        }
        WriteTiles(w);
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
        PostOnly(w, "/footprint-checks", new("post", "Check a footprint (land-parcel TXT, GeoJSON or WKT, raw or as the part 'file' of multipart/form-data): "
            + "counties, parks, conflicts, areas, verdict; f=html is the printable report (lang=en for English first)",
            ["text/plain", "application/geo+json", "application/json", "application/wkt", "multipart/form-data"], "200"));
        PostOnly(w, "/collections/projects/items/{featureId}/outline", new("put", "A project's surveyed outline: checked, then saved with its verdict",
            ["text/plain", "application/geo+json", "application/wkt"], "200", IfMatch: true, Reason: true));
        PostOnly(w, "/collections/{collectionId}/items/{featureId}/history/{version}/restore",
            new("post", "Administrators: restore the feature as it was after a version", [], "200", Reason: true));
        Path(w, "/keys", "Administrators: every API key (never the key itself)", [], "application/json",
            [new("post", "Administrators: make a key ({\"name\": …, \"role\": …}); the key is in this answer only", ["application/json"], "201")], secured: true);
        PostOnly(w, "/keys/{id}", new("delete", "Administrators: revoke a key", [], "204"));
        Path(w, "/me", "Who is asking: name, role, key_id (API keys), authentication (api-key or bearer), editable_collections, admin",
            [], "application/json", secured: true);
        WriteImports(w);
        Path(w, "/audit", "Every change, by user, collection and time",
            [new("user", "query", "who"), new("collection", "query", "collection id"), new("since", "query", "from (RFC 3339)", Format: "date-time"),
             new("until", "query", "before (RFC 3339)", Format: "date-time"), new("limit", "query", "entries per page", "integer", Minimum: 1, Maximum: 10000, Default: 100),
             new("cursor", "query", "from a 'next' link"), format], "application/json");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The imports: POST a file to a collection, the import resources, their reports and reverts (README, Imports).</summary>
    private static void WriteImports(Utf8JsonWriter w)
    {
        PostOnly(w, "/collections/{collectionId}/imports", new("post",
            "Import a file into an editable collection: GeoJSON, zipped Shapefile, GeoPackage, KML/KMZ, DXF, land-parcel TXT, CSV, XLSX " +
            "(raw with its media type, or the part 'file' of multipart/form-data). Prefer: respond-async or a file over 5 MiB: 202 and Location.",
            [.. Imports.ImportFormats.AcceptedTypes], "201", Reason: false,
            Query:
            [
                new("dry_run", "query", "true: report everything, write nothing (200)", "boolean"),
                .. Imports.Coordinates.CoordinateParameters.Documentation.Select(d => new Parameter(d.Name, "query", d.Description)),
                new("encoding", "query", "text of a Shapefile without .cpg, a CSV, a DXF", Enum: ["GBK", "UTF-8"]),
                new("mapping", "query", "JSON object from a field of the file to a property or id, e.g. {\"名称\":\"name_zh\"}; " +
                    "a field mapped to a property the collection only serves (areas, county names, stamps) is passed over, so an exported Shapefile's fields.csv is a mapping"),
                new("layer", "query", "the layer (GeoPackage, KML, sheet, Shapefile in the zip, DXF CAD layer) when there are several"),
                new("match", "query", "how a feature matches a stored one", Enum: ["id", "source_ref"]),
            ],
            Responses:
            [
                ("200", "Dry run: the import and its report"), ("202", "Accepted: running in the background; poll Location"),
                ("413", "File too large, or a zip unpacking past the limit"), ("422", "Rejected: nothing written; the report names every reason"),
            ]));
        var importId = new Parameter("importId", "path", "import id", Required: true);
        Path(w, "/imports", "Imports, newest first (an administrator's all, anyone else's own)",
            [new("collection", "query", "collection id"), new("user", "query", "who imported"),
             new("limit", "query", "imports per page", "integer", Minimum: 1, Maximum: 1000, Default: 50), new("cursor", "query", "from a 'next' link")],
            "application/json", secured: true);
        Path(w, "/imports/{importId}", "An import: status, counts (done moving on while it runs), encoding and CRS used, unknown fields, the report per feature; a failed one its problem (the parameter at fault)", [importId], "application/json", secured: true);
        Path(w, "/imports/{importId}/report.csv", "An import's report, one row per feature (UTF-8 with BOM)", [importId], "text/csv", secured: true);
        PostOnly(w, "/imports/{importId}/revert", new("post", "Administrators: undo an import as one changeset (409 when a feature changed since)", [], "200", Reason: true));
    }

    private static void Path(Utf8JsonWriter w, string path, string summary, IEnumerable<Parameter> parameters, string contentType,
        IReadOnlyList<WriteOperation>? writes = null, bool secured = false, IReadOnlyList<string>? alternatives = null)
    {
        w.WriteStartObject(path);
        Get(w, path, summary, parameters, [contentType, .. alternatives ?? []], secured);
        foreach (var write in writes ?? []) Operation(w, path, write);
        w.WriteEndObject();
    }

    private static void PostOnly(Utf8JsonWriter w, string path, WriteOperation write)
    {
        w.WriteStartObject(path);
        Operation(w, path, write);
        w.WriteEndObject();
    }

    private static string OperationId(string method, string path) =>
        method + string.Concat(path.Split('/', '-', '{', '}').Select(s => s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : ""));

    /// <summary>A write: its body, its headers (If-Match, X-Change-Reason), the credentials it needs and the problems it may answer.</summary>
    private static void Operation(Utf8JsonWriter w, string path, WriteOperation write)
    {
        w.WriteStartObject(write.Method);
        w.WriteString("summary", write.Summary);
        w.WriteString("operationId", OperationId(write.Method, path));
        w.WriteStartArray("parameters");
        foreach (var name in path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("in", "path");
            w.WriteBoolean("required", true);
            w.WriteStartObject("schema");
            w.WriteString("type", name == "version" ? "integer" : "string");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        foreach (var (name, description, required) in new[]
                 {
                     ("If-Match", "the feature's ETag as read, of any content coding (428 without it, 412 when it changed since)", write.IfMatch),
                     ("X-Change-Reason", "why (percent-encoded UTF-8), kept in the history", false),
                     ("Content-Crs", "CRS of the body's coordinates, e.g. <http://www.opengis.net/def/crs/EPSG/0/4528> (default CRS84)", false),
                 }.Where(h => h.Item1 switch { "If-Match" => write.IfMatch, "X-Change-Reason" => write.Reason, _ => write.Bodies.Count > 0 }))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("in", "header");
            w.WriteString("description", description);
            w.WriteBoolean("required", required);
            w.WriteStartObject("schema");
            w.WriteString("type", "string");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        foreach (var p in write.Query ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("in", "query");
            w.WriteString("description", p.Description);
            w.WriteBoolean("required", false);
            w.WriteStartObject("schema");
            w.WriteString("type", p.Type);
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
        if (write.Bodies.Count > 0)
        {
            w.WriteStartObject("requestBody");
            w.WriteBoolean("required", true);
            w.WriteStartObject("content");
            foreach (var body in write.Bodies)
            {
                w.WriteStartObject(body);
                w.WriteStartObject("schema");
                w.WriteString("type", body.Contains("json", StringComparison.Ordinal) ? "object" : "string");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        if (path != "/footprint-checks") Security(w);
        w.WriteStartObject("responses");
        if (write.Status == "204")
        {
            w.WriteStartObject("204");
            w.WriteString("description", "Deleted");
            w.WriteEndObject();
        }
        else Response(w, write.Status, write.Status == "201" ? "Created (Location, ETag)" : "OK",
            (write.Method == "post" && path == "/footprint-checks") || path.Contains("imports", StringComparison.Ordinal) ? "application/json" : "application/geo+json");
        foreach (var (status, description) in write.Responses ?? [])
            Response(w, status, description, status is "200" or "202" ? "application/json" : "application/problem+json");
        foreach (var (status, description) in new[]
                 {
                     ("400", "A parameter or header is invalid; the problem names it"), ("401", "No or unknown credentials"), ("403", "The role may not do this, or a token's role is not one of this service"),
                     ("404", "No such feature"), ("409", "Conflict (an id taken, a row still referenced)"), ("412", "Changed since read (If-Match)"),
                     ("415", "Unsupported media type"), ("422", "Invalid feature: every problem, each under its JSON pointer"), ("428", "If-Match required"),
                 }.Where(r => path == "/footprint-checks" ? r.Item1 is "400" or "415" or "422" : write.IfMatch || r.Item1 is not ("412" or "428"))
                  .Where(r => write.Responses?.Any(own => own.Status == r.Item1) != true))
            Response(w, status, description, "application/problem+json");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter w, IEnumerable<Parameter> parameters)
    {
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
    }

    private static void Get(Utf8JsonWriter w, string path, string summary, IEnumerable<Parameter> parameters, IReadOnlyList<string> contentTypes, bool secured)
    {
        w.WriteStartObject("get");
        w.WriteString("summary", summary);
        w.WriteString("operationId", OperationId("get", path));
        if (secured) Security(w);
        WriteParameters(w, parameters);
        w.WriteStartObject("responses");
        Response(w, "200", "OK", [.. contentTypes]);
        if (contentTypes.Count > 1)
            Response(w, "503", "Too many exports at once, or past the deadline (Retry-After)", "application/problem+json");
        if (secured)
        {
            Response(w, "401", "No or unknown credentials", "application/problem+json");
            Response(w, "403", "The role may not do this, or a token's role is not one of this service", "application/problem+json");
        }
        if (path == "/metrics")
            Response(w, "403", "The client's address (behind a trusted proxy, the forwarded one) is not in Spatial:Metrics:AllowedNetworks", "application/problem+json");
        else if (path != "/" && !path.StartsWith("/health", StringComparison.Ordinal))
        {
            Response(w, "400", "A parameter is invalid; the problem names it", "application/problem+json");
            if (path.Contains('{', StringComparison.Ordinal)) Response(w, "404", "No such resource", "application/problem+json");
        }
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

    private static void Response(Utf8JsonWriter w, string status, string description, params string[] contentTypes)
    {
        w.WriteStartObject(status);
        w.WriteString("description", description);
        w.WriteStartObject("content");
        foreach (var contentType in contentTypes)
        {
            w.WriteStartObject(contentType);
            w.WriteStartObject("schema");
            // JSON bodies are objects; a CSV page or an export file is a document of its own.
            if (contentType.Contains("json", StringComparison.Ordinal)) w.WriteString("type", "object");
            else
            {
                w.WriteString("type", "string");
                w.WriteString("format", "binary");
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

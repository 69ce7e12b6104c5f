using System.Globalization;
using Spatial.Api.Features.Exports;
using Spatial.Api.Features.Filtering;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

public sealed record SortKey(FeatureProperty Property, bool Descending);

/// <summary>A bbox as the client wrote it, in <see cref="Crs"/> axis order.</summary>
public sealed record BoundingBox(double MinA, double MinB, double MaxA, double MaxB, CrsReference Crs);

/// <summary>A validated /items request. Everything a client can say is here, checked, or refused.</summary>
public sealed record ItemsRequest(
    FeatureCollectionDefinition Collection, BoundingBox? Bbox, CrsReference Crs, int Limit, IReadOnlyList<string>? After,
    CqlNode? Filter, CrsReference FilterCrs, IReadOnlyList<(FeatureProperty Property, IReadOnlyList<string> Values)> Equalities,
    IReadOnlyList<SortKey> SortBy, IReadOnlyList<FeatureProperty> Properties, OutputFormat Format = OutputFormat.Json,
    IReadOnlyList<string>? Before = null, int Offset = 0, int? ZoomLevel = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    /// <summary>
    /// The most rows <c>offset</c> skips (OWSLib and older clients page so). Every skipped row is still read, so it is
    /// bounded; <c>next</c> links page by cursor, which costs the same on every page.
    /// </summary>
    public const int MaxOffset = 100_000;

    /// <summary>Values one queryable parameter may repeat (?county_code=a&amp;county_code=b…); each is a statement parameter.</summary>
    public const int MaxValuesPerProperty = 1_000;

    /// <summary>The deepest Web Mercator zoom <c>zoom-level</c> takes; half a pixel there is a few millimetres.</summary>
    public const int MaxZoomLevel = 24;

    /// <summary>Spatial's extension: the page's shapes generalised for a map drawn at this Web Mercator zoom (<see cref="ParseZoomLevel"/>).</summary>
    public const string ZoomLevelParameter = "zoom-level";

    public static readonly string[] StandardParameters =
        ["bbox", "bbox-crs", "crs", "limit", "offset", "cursor", "datetime", "filter", "filter-lang", "filter-crs", "sortby", "properties", "encoding", "f",
         "before", ZoomLevelParameter, HtmlNegotiation.LanguageParameter];

    /// <summary>Pages (json, geojson, csv, html), then the files of Features/Exports: every matching feature, whatever <c>limit</c> says.</summary>
    public static readonly OutputFormat[] Formats =
        [OutputFormat.Json, OutputFormat.GeoJson, OutputFormat.Csv, OutputFormat.Html, OutputFormat.Gpkg, OutputFormat.Shp, OutputFormat.Kml, OutputFormat.Dxf];

    /// <param name="negotiated">The format chosen with the Accept header (<see cref="HtmlNegotiation.Format"/>) when <c>f</c> is absent.</param>
    public static ParameterError? TryParse(FeatureCollectionDefinition collection, IQueryCollection query, out ItemsRequest request,
        OutputFormat? negotiated = null)
    {
        request = null!;
        ParameterError? error;
        if ((error = ParameterChecks.OnlyKnown(query, key => StandardParameters.Contains(key) || collection.Property(key) is not null,
                $"the queryables of {collection.Id} are listed at /collections/{collection.Id}/queryables, " +
                $"the other parameters are {string.Join(", ", StandardParameters)}")) is not null) return error;
        if ((error = ParameterChecks.Format(query, Formats, out var format)) is not null) return error;
        format = negotiated ?? format;
        if (query.ContainsKey("encoding") && format != OutputFormat.Shp)
            return new("encoding", $"only f=shp takes an encoding (of its .dbf); f={format.Code()} is always Unicode");
        if ((error = ParameterChecks.Crs(query, "crs", out var crs)) is not null) return error;
        if ((error = ParameterChecks.Crs(query, "bbox-crs", out var bboxCrs)) is not null) return error;
        if ((error = ParameterChecks.Crs(query, "filter-crs", out var filterCrs)) is not null) return error;
        if ((error = ParseLimit(query, out var limit)) is not null) return error;
        if ((error = ParseOffset(ParameterChecks.Single(query, "offset"), out var offset)) is not null) return error;
        if ((error = ParseZoomLevel(ParameterChecks.Single(query, ZoomLevelParameter), out var zoomLevel)) is not null) return error;
        if (zoomLevel is not null && format.IsConverted())
            return new(ZoomLevelParameter, $"only pages are generalised for a map; f={format.Code()} is a file of every vertex, leave {ZoomLevelParameter} out");
        if ((error = ParseBbox(query, bboxCrs, out var bbox)) is not null) return error;
        if ((error = ParseDatetime(query)) is not null) return error;
        if ((error = ParseFilter(query, out var filter)) is not null) return error;
        if ((error = ParseSortBy(collection, query, out var sortBy)) is not null) return error;
        if ((error = ParseProperties(collection, query, out var properties)) is not null) return error;
        if ((error = ParseEqualities(collection, query, out var equalities)) is not null) return error;
        IReadOnlyList<string>? after = null;
        if (query.ContainsKey("bbox-crs") && bbox is null) return new("bbox-crs", "given without bbox");
        if (query.ContainsKey("filter-crs") && filter is null) return new("filter-crs", "given without filter");
        if (Single(query, "cursor") is { } cursor && (error = ItemsCursor.Decode(cursor, sortBy, out after)) is not null) return error;
        if ((error = ParseBefore(query, format, sortBy, out var before)) is not null) return error;
        if (before is not null && offset > 0) return new("offset", "given with before; a previous page ends just before its cursor, leave offset out");
        request = new ItemsRequest(collection, bbox, crs, limit, after, filter, filterCrs, equalities, sortBy, properties, format, before, offset, zoomLevel);
        return null;
    }

    private static string? Single(IQueryCollection query, string name) => ParameterChecks.Single(query, name);

    /// <summary>
    /// <c>before</c>: the page that ends just before the row of this cursor — the 上一页 (previous page) link of an HTML page.
    /// Data clients page forward with <c>next</c>, so only f=html takes it.
    /// </summary>
    private static ParameterError? ParseBefore(IQueryCollection query, OutputFormat format, IReadOnlyList<SortKey> sortBy, out IReadOnlyList<string>? before)
    {
        before = null;
        if (Single(query, "before") is not { } value) return null;
        if (format != OutputFormat.Html) return new("before", $"only f=html pages go back; f={format.Code()} pages follow their next link");
        if (query.ContainsKey("cursor")) return new("before", "given with cursor; a page starts after one cursor or ends before one");
        return ItemsCursor.Decode(value, sortBy, out before) is { } error ? error with { Parameter = "before" } : null;
    }

    private static ParameterError? ParseLimit(IQueryCollection query, out int limit)
    {
        limit = DefaultLimit;
        if (Single(query, "limit") is not { } value) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
            return new("limit", $"'{value}' is not a whole number from 1 to {MaxLimit}");
        return null;
    }

    /// <summary><c>offset</c>: the rows to skip, 0 to <see cref="MaxOffset"/>; absent is 0.</summary>
    public static ParameterError? ParseOffset(string? value, out int offset)
    {
        offset = 0;
        if (value is null) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset)
        {
            offset = 0;
            return new("offset", string.Create(CultureInfo.InvariantCulture,
                $"'{Clip(value)}' is not a whole number from 0 to {MaxOffset}; follow the next link (a cursor) to page further"));
        }
        return null;
    }

    /// <summary>
    /// <c>zoom-level</c>: the Web Mercator zoom, 0 to <see cref="MaxZoomLevel"/>, a map draws the page at; absent is every vertex.
    /// Its shapes are then simplified to about half a pixel there (<see cref="ItemsSql"/>), so the map projects far fewer vertices.
    /// </summary>
    public static ParameterError? ParseZoomLevel(string? value, out int? zoomLevel)
    {
        zoomLevel = null;
        if (value is null) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var zoom) || zoom > MaxZoomLevel)
            return new(ZoomLevelParameter, $"'{Clip(value)}' is not a whole number from 0 to {MaxZoomLevel} (a Web Mercator zoom)");
        zoomLevel = zoom;
        return null;
    }

    private static ParameterError? ParseBbox(IQueryCollection query, CrsReference crs, out BoundingBox? bbox)
    {
        bbox = null;
        if (Single(query, "bbox") is not { } value) return null;
        var parts = value.Split(',');
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
                return new("bbox", $"value {i + 1} ('{parts[i]}') is not a number");
        if (numbers.Length is not (4 or 6)) return new("bbox", $"needs 4 numbers (or 6 with heights), found {numbers.Length}");
        var (minA, minB, maxA, maxB) = numbers.Length == 4
            ? (numbers[0], numbers[1], numbers[2], numbers[3])
            : (numbers[0], numbers[1], numbers[3], numbers[4]);
        var (first, second) = crs.Geographic ? crs.AxesSwapped ? ("latitude", "longitude") : ("longitude", "latitude") : ("first axis", "second axis");
        if (minA > maxA) return new("bbox", $"minimum {first} {minA} exceeds maximum {maxA}");
        if (minB > maxB) return new("bbox", $"minimum {second} {minB} exceeds maximum {maxB}");
        if (crs.Geographic)
        {
            var (latMin, latMax, lonMin, lonMax) = crs.AxesSwapped ? (minA, maxA, minB, maxB) : (minB, maxB, minA, maxA);
            if (latMin < -90 || latMax > 90) return new("bbox", $"latitude {(latMin < -90 ? latMin : latMax)} is outside -90…90 (axis order of {crs.Uri}: {first}, {second})");
            if (lonMin < -180 || lonMax > 180) return new("bbox", $"longitude {(lonMin < -180 ? lonMin : lonMax)} is outside -180…180");
        }
        var xy = crs.AxesSwapped ? new NetTopologySuite.Geometries.Envelope(minB, maxB, minA, maxA) : new NetTopologySuite.Geometries.Envelope(minA, maxA, minB, maxB);
        if (crs.OutsideValidArea(xy) is { } outside) return new("bbox", outside);
        bbox = new BoundingBox(minA, minB, maxA, maxB, crs);
        return null;
    }

    /// <summary>The layers have no temporal geometry, so a valid datetime selects everything; a malformed one is refused.</summary>
    private static ParameterError? ParseDatetime(IQueryCollection query)
    {
        if (Single(query, "datetime") is not { } value) return null;
        foreach (var part in value.Split('/'))
            if (part is not (".." or "") && !DateTimeOffset.TryParse(part, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                return new("datetime", $"'{part}' is not an RFC 3339 date-time or '..'");
        return value.Split('/').Length > 2 ? new("datetime", "an interval has exactly one '/'") : null;
    }

    private static ParameterError? ParseFilter(IQueryCollection query, out CqlNode? filter)
    {
        filter = null;
        // cql-text is the name drafts before CQL2 gave the text encoding; older clients (and pygeoapi's examples) still send it.
        var language = Single(query, "filter-lang") is "cql-text" ? "cql2-text" : Single(query, "filter-lang") ?? "cql2-text";
        if (language is not ("cql2-text" or "cql2-json")) return new("filter-lang", $"'{language}' is not supported; use cql2-text (or cql-text) or cql2-json");
        if (Single(query, "filter") is not { } text)
            return query.ContainsKey("filter-lang") ? new("filter-lang", "given without filter") : null;
        try
        {
            // Unknown properties and type errors surface when ItemsSql compiles the tree (once), as the filter's fault.
            filter = language == "cql2-text" ? Cql2Text.Parse(text) : Cql2Json.Parse(text);
            return null;
        }
        catch (CqlException e)
        {
            return new("filter", e.Message);
        }
    }

    private static ParameterError? ParseSortBy(FeatureCollectionDefinition collection, IQueryCollection query, out IReadOnlyList<SortKey> sortBy)
    {
        var keys = new List<SortKey>();
        sortBy = keys;
        if (Single(query, "sortby") is not { } value) return null;
        foreach (var raw in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var descending = raw.StartsWith('-');
            var name = raw.TrimStart('+', '-', ' ');
            if (name.EndsWith(" DESC", StringComparison.OrdinalIgnoreCase)) (descending, name) = (true, name[..^5]);
            else if (name.EndsWith(" ASC", StringComparison.OrdinalIgnoreCase)) name = name[..^4];
            var property = collection.Property(name);
            if (property is null || !property.IsScalar) return new("sortby", $"'{name}' is not a sortable property of {collection.Id}");
            if (keys.Any(k => k.Property == property)) return new("sortby", $"'{name}' is given twice");
            keys.Add(new SortKey(property, descending));
        }
        return null;
    }

    private static ParameterError? ParseProperties(FeatureCollectionDefinition collection, IQueryCollection query, out IReadOnlyList<FeatureProperty> properties)
    {
        properties = collection.Properties;
        if (Single(query, "properties") is not { } value) return null;
        var chosen = new List<FeatureProperty>();
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var property = collection.Property(name);
            if (property is null) return new("properties", $"'{name}' is not a property of {collection.Id}");
            if (!chosen.Contains(property)) chosen.Add(property);
        }
        properties = chosen;
        return null;
    }

    /// <summary>Why <paramref name="value"/> cannot be compared with <paramref name="property"/>; null when it can.</summary>
    private static string? Invalid(FeatureProperty property, string value)
    {
        if (PlainText.Flaw(value) is { } flaw) return $"{flaw.Reason} (character {flaw.Index + 1} of the value)";
        var valid = property.Type switch
        {
            PropertyType.Number or PropertyType.Integer =>
                double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number),
            PropertyType.Boolean => value is "true" or "false",
            PropertyType.DateTime or PropertyType.Date => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            _ => true,
        };
        return valid ? null : $"'{Clip(value)}' is not a valid {property.Type.ToString().ToLowerInvariant()}";
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static ParameterError? ParseEqualities(
        FeatureCollectionDefinition collection, IQueryCollection query, out IReadOnlyList<(FeatureProperty, IReadOnlyList<string>)> equalities)
    {
        var list = new List<(FeatureProperty, IReadOnlyList<string>)>();
        equalities = list;
        foreach (var (key, values) in query)
        {
            if (StandardParameters.Contains(key)) continue;
            var property = collection.Property(key)!;
            if (values.Count > MaxValuesPerProperty) return new(key, $"{values.Count} values; at most {MaxValuesPerProperty} are compared, use a filter with IN");
            foreach (var v in values)
                if (Invalid(property, v ?? "") is { } reason) return new(key, reason);
            list.Add((property, values.Where(v => v is not null).Select(v => v!).ToList()));
        }
        return null;
    }

    /// <summary>The cursor that resumes after a row with these sort-key values.</summary>
    public static string EncodeCursor(IReadOnlyList<string> keys) => ItemsCursor.Encode(keys);
}

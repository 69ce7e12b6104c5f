using System.Globalization;
using Spatial.Api.Data;
using Spatial.Api.Features.Exports;
using Spatial.Api.Features.Filtering;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// The statements behind /items and /items/{id}: PostGIS filters, orders, pages and writes each feature's geometry
/// (GeoJSON, or WKT for CSV). A page's columns: matched (null when not counted), id, geometry, keys, the versions of the tables the page is
/// made from (<see cref="PageDependencies.VersionsSql"/>, read in the same snapshot as the rows), then its properties one
/// column each (<see cref="PropertyColumns"/>).
/// </summary>
public static class ItemsSql
{
    /// <summary>The ordinals of a page's columns.</summary>
    public static class Column
    {
        public const int Matched = 0, Id = 1, Geometry = 2, Keys = 3, Versions = 4, FirstProperty = Versions + PageDependencies.VersionColumns;
    }

    /// <param name="countMatched">
    /// Count every feature the request matches (numberMatched; an export's size check) — a second pass over
    /// them that costs as much as the page itself when many match.
    /// </param>
    public static string Build(ItemsRequest request, SqlParameters parameters, bool countMatched)
    {
        var c = request.Collection;
        var where = Where(request, parameters);
        var keys = Keys(request);
        var seek = request.After is { } after ? " AND " + Seek(keys, after, parameters, backwards: false)
            : request.Before is { } before ? " AND " + Seek(keys, before, parameters, backwards: true) : "";
        var order = string.Join(", ", keys.Select(k => k.Sql + (k.Descending ? " DESC" : "")));
        // A page that ends before a cursor (HTML's previous page) takes the rows nearest to it, going back; they are
        // still written in the page's order, so the one row past the limit is the first.
        var pageOrder = request.Before is null ? order : string.Join(", ", keys.Select(k => k.Sql + (k.Descending ? "" : " DESC")));
        var keyArray = "ARRAY[" + string.Join(", ", keys.Select(k => $"({k.Sql})::text")) + "]";
        var matched = countMatched ? $"(SELECT count(*) FROM {c.From} WHERE {where})" : "NULL::bigint";
        // The page is chosen on ids and sort keys alone (no lookup join unless the filter or the order names a looked-up
        // property); only its rows are read whole, with their names, and written out. With a bbox and no offset every
        // candidate's row is read for its geometry anyway and the sort keeps only the page, so the page's rows come out of
        // the sort whole instead of being looked up again by id (a tenth of a bbox page's CPU in PostgreSQL); with an
        // offset (up to 100 000 rows skipped) the sort stays narrow.
        var pageFrom = LayerWithJoinsNamedIn(c, where + seek + pageOrder);
        var limit = (request.Limit + 1).ToString(CultureInfo.InvariantCulture) + Offset(request);
        var byId = request.Bbox is null || request.Offset > 0;
        var rows = byId
            ? $"""
              (SELECT {c.IdSql} AS id, {keyArray} AS keys
                      FROM {pageFrom}
                      WHERE {where}{seek}
                      ORDER BY {pageOrder}
                      LIMIT {limit}) page
                JOIN {c.Table} t ON {c.IdSql} = page.id
              """
            : $"""
              (SELECT t.*, {keyArray} AS page_keys
                      FROM {pageFrom}
                      WHERE {where}{seek}
                      ORDER BY {pageOrder}
                      LIMIT {limit}) t
              """;
        return $"""
            SELECT {matched} AS matched, p.id, p.geometry, p.keys, {PageDependencies.VersionsSql(c)}{PropertyColumns.From("p", request.Properties)}
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN LATERAL (
                SELECT {c.IdSql} AS id, {Geometry(request, parameters)} AS geometry, {(byId ? "page.keys" : "t.page_keys AS keys")}{PropertyColumns.Select(request.Properties)}
                FROM {rows} {c.Joins}
                ORDER BY {order}) p ON true
            """;
    }

    /// <summary>
    /// The layer as <c>t</c> with only the lookup joins of the properties <paramref name="sql"/> reads. PostgreSQL drops an
    /// unused LEFT JOIN by itself, but (15) still counts the column it joined on as read from the layer, which rules out an
    /// index-only scan: the generic plan of a page under county_code=… then kept the primary key with a filter, which reads
    /// the whole layer for a county with no features, instead of the page's entries of the (county_code, id) index of
    /// schema 013 (bench/results/read-gate.md).
    /// </summary>
    private static string LayerWithJoinsNamedIn(FeatureCollectionDefinition c, string sql) =>
        string.Join(" ", c.Properties.Where(p => p.Join is not null && sql.Contains(p.Sql, StringComparison.Ordinal)).Select(p => p.Join!)
            .Distinct().Prepend($"{c.Table} t"));

    /// <summary>
    /// OFFSET for clients that page by position (OWSLib): applied to the keyset statement, after any cursor, so the next
    /// link — a cursor from the page's last row — goes on from where this page ends.
    /// </summary>
    private static string Offset(ItemsRequest request) =>
        request.Offset > 0 ? " OFFSET " + request.Offset.ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>True when the request selects every feature of its layer (no bbox, filter or queryable), so numberMatched is the layer's count.</summary>
    public static bool SelectsWholeLayer(ItemsRequest request) => request.Bbox is null && request.Filter is null && request.Equalities.Count == 0;

    /// <summary>
    /// The longitude in the middle of the features the request matches (of the whole layer when none does;
    /// null for a layer without geometries): the Gauss–Krüger zone of the data for a DXF export.
    /// </summary>
    public static string BuildCentralLongitude(ItemsRequest request, SqlParameters parameters)
    {
        var collection = request.Collection;
        return $"""
            SELECT coalesce((SELECT (ST_XMin(e) + ST_XMax(e)) / 2 FROM (SELECT ST_Extent(t.geom) AS e FROM {collection.From} WHERE {Where(request, parameters)}) m),
                            (SELECT (ST_XMin(e) + ST_XMax(e)) / 2 FROM (SELECT ST_Extent(t.geom) AS e FROM {collection.Table} t) a))
            """;
    }

    /// <summary>One feature; its version is the last of its history (null for a layer that is not edited); then the versions of what it is made from.</summary>
    public static string BuildOne(FeatureCollectionDefinition collection, CrsReference crs, SqlParameters parameters, string id) => $"""
        SELECT {collection.IdSql} AS id, {GeometryJson(crs)} AS geometry, {PropertiesJson(collection.Properties)} AS properties,
               (SELECT max(h.version) FROM feature_history h WHERE h.layer = '{collection.Table}' AND h.feature_id = {collection.IdSql}) AS version,
               {PageDependencies.VersionsSql(collection)}
        FROM {collection.From} WHERE {collection.IdSql} = {parameters.Add(id)}
        """;

    /// <summary>
    /// Pages: GeoJSON (or WKT for CSV) in the CRS's axis order, to a centimetre. Files for ogr2ogr: x = longitude or
    /// easting whatever the CRS says (GDAL reads GeoJSON so, and every file format stores it so), every digit kept.
    /// </summary>
    private static string Geometry(ItemsRequest request, SqlParameters parameters)
    {
        var column = Generalised(request, parameters);
        return request.Format switch
        {
            OutputFormat.Csv => $"ST_AsText({Output(request.Crs, column)}, {request.Crs.Decimals})",
            _ when request.Format.IsConverted() => $"ST_AsGeoJSON({Transformed(request.Crs, column)}, 15, 0)",
            _ => GeometryJson(request.Crs, column),
        };
    }

    /// <summary>
    /// The stored geometry, or with <c>zoom-level</c> its lines and outlines simplified to half a pixel at that zoom, topology
    /// kept so no ring collapses and no part vanishes; points as stored.
    /// </summary>
    /// <remarks>
    /// Web Mercator spreads 360° of longitude over 256·2^z pixels at every latitude, and a degree of latitude over 1/cos φ
    /// times as many, so half a pixel is 180/(256·2^z)·cos φ degrees of latitude — the smaller of the two, taken at the
    /// feature's latitude farthest from the equator so the bound holds on either axis all over it. GEOS keeps rings from
    /// crossing but not a small part from ending inside another (three of the counties below zoom 8: "Nested shells"), so an invalid result is
    /// simplified again at a quarter of the tolerance, and if that is invalid too the stored shape is sent.
    /// </remarks>
    private static string Generalised(ItemsRequest request, SqlParameters parameters)
    {
        if (request.ZoomLevel is not { } zoom || request.Collection.GeometryType.EndsWith("Point", StringComparison.Ordinal)) return "t.geom";
        var halfPixel = parameters.Add(180.0 / (256 * Math.Pow(2, zoom)));
        var tolerance = $"{halfPixel} * cos(radians(greatest(abs(ST_YMin(t.geom)), abs(ST_YMax(t.geom)))))";
        return $"""
            (SELECT CASE WHEN ST_IsValid(s.g) THEN s.g
                         ELSE coalesce((SELECT q.g FROM (SELECT ST_SimplifyPreserveTopology(t.geom, {tolerance} / 4) AS g) q WHERE ST_IsValid(q.g)), t.geom) END
             FROM (SELECT ST_SimplifyPreserveTopology(t.geom, {tolerance}) AS g) s)
            """;
    }

    /// <summary>Output coordinates in the requested CRS and its axis order (options 0: no "crs" member).</summary>
    private static string GeometryJson(CrsReference crs) => GeometryJson(crs, "t.geom");

    /// <summary>A stored geometry column (CGCS2000) as GeoJSON text in <paramref name="crs"/>, in its axis order.</summary>
    internal static string GeometryJson(CrsReference crs, string column) => $"ST_AsGeoJSON({Output(crs, column)}, {crs.Decimals}, 0)";

    private static string Output(CrsReference crs, string column = "t.geom")
    {
        var geometry = Transformed(crs, column);
        return crs.AxesSwapped ? $"ST_FlipCoordinates({geometry})" : geometry;
    }

    /// <summary>A stored geometry column in <paramref name="crs"/>, x = longitude or easting. CRS84 and EPSG:4326 are taken as CGCS2000 (they differ by centimetres).</summary>
    internal static string Transformed(CrsReference crs, string column) => crs.Srid switch
    {
        Geometries.Cgcs2000 or 4326 => column,
        _ => $"ST_Transform({column}, {crs.Srid})",
    };

    private static string PropertiesJson(IReadOnlyList<FeatureProperty> properties) =>
        properties.Count == 0
            ? "'{}'"
            : "json_build_object(" + string.Join(", ", properties.Select(p => $"'{p.Name}', {p.OutputSql}")) + ")::text";

    private static string Where(ItemsRequest request, SqlParameters parameters)
    {
        var conditions = new List<string>();
        if (request.Bbox is { } bbox)
        {
            var envelope = Envelope(bbox, parameters);
            conditions.Add($"t.geom && {envelope} AND ST_Intersects(t.geom, {envelope})");
        }
        foreach (var (property, values) in request.Equalities)
        {
            var placeholders = values.Select(v => parameters.Add(Typed(property, v))).ToList();
            conditions.Add(property.Type == PropertyType.StringArray
                ? $"{property.Sql} && ARRAY[{string.Join(", ", placeholders)}]::text[]"
                : $"{property.Sql} IN ({string.Join(", ", placeholders)})");
        }
        if (request.Filter is not null)
            conditions.Add(new CqlToSql(request.Collection, request.FilterCrs, parameters).Compile(request.Filter));
        return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
    }

    /// <summary>
    /// The bbox in storage coordinates. The box is transformed, not the indexed column, so the GiST index
    /// answers; a projected box is densified first so its edges stay edges after transformation.
    /// </summary>
    private static string Envelope(BoundingBox bbox, SqlParameters parameters)
    {
        var (x1, y1, x2, y2) = bbox.Crs.AxesSwapped ? (bbox.MinB, bbox.MinA, bbox.MaxB, bbox.MaxA) : (bbox.MinA, bbox.MinB, bbox.MaxA, bbox.MaxB);
        var box = $"ST_MakeEnvelope({parameters.Add(x1)}, {parameters.Add(y1)}, {parameters.Add(x2)}, {parameters.Add(y2)}, " +
                  $"{(bbox.Crs.Geographic ? Geometries.Cgcs2000 : bbox.Crs.Srid)})";
        if (bbox.Crs.Geographic) return box;
        var step = Math.Max(Math.Max(x2 - x1, y2 - y1) / 32, 1);
        return $"ST_Transform(ST_Segmentize({box}, {parameters.Add(step)}), {Geometries.Cgcs2000})";
    }

    private static object Typed(FeatureProperty property, string value) => property.Type switch
    {
        PropertyType.Number or PropertyType.Integer => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
        PropertyType.Boolean => value == "true",
        PropertyType.DateTime or PropertyType.Date => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
        _ => value,
    };

    private sealed record Key(string Sql, string Cast, bool Descending);

    /// <summary>The sort keys, ending with the feature id so the order is total and a cursor is exact.</summary>
    private static List<Key> Keys(ItemsRequest request)
    {
        // A NULL becomes a value beyond every other in the sort direction: keyset comparisons stay total
        // and blanks come last, ascending or descending (text: first ascending, as '' sorts first).
        var keys = request.SortBy.Select(s => s.Property.Type switch
        {
            PropertyType.Number => new Key($"coalesce(({s.Property.Sql})::numeric, '{(s.Descending ? "-Infinity" : "NaN")}')", "numeric", s.Descending),
            PropertyType.Integer => new Key($"coalesce(({s.Property.Sql})::bigint, {(s.Descending ? long.MinValue : long.MaxValue)})", "bigint", s.Descending),
            PropertyType.Boolean => new Key($"coalesce({s.Property.Sql}, {(s.Descending ? "false" : "true")})", "boolean", s.Descending),
            PropertyType.DateTime or PropertyType.Date =>
                new Key($"coalesce({s.Property.Sql}, '{(s.Descending ? "-infinity" : "infinity")}')", "timestamptz", s.Descending),
            _ => new Key($"coalesce({s.Property.Sql}, '')", "text", s.Descending),
        }).ToList();
        keys.Add(new Key(request.Collection.IdSql, "text", false));
        return keys;
    }

    /// <summary>Rows after the cursor (before it when <paramref name="backwards"/>): (k1 &gt; v1) OR (k1 = v1 AND k2 &gt; v2) OR …, per key direction.</summary>
    private static string Seek(List<Key> keys, IReadOnlyList<string> cursor, SqlParameters parameters, bool backwards)
    {
        var values = keys.Select((k, i) => $"{parameters.Add(cursor[i])}::{k.Cast}").ToList();
        var alternatives = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var equal = Enumerable.Range(0, i).Select(j => $"{keys[j].Sql} = {values[j]}");
            var beyond = $"{keys[i].Sql} {(keys[i].Descending != backwards ? "<" : ">")} {values[i]}";
            alternatives.Add("(" + string.Join(" AND ", equal.Append(beyond)) + ")");
        }
        return "(" + string.Join(" OR ", alternatives) + ")";
    }
}

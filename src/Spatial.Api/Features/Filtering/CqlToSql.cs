using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Valid;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Geo;

namespace Spatial.Api.Features.Filtering;

/// <summary>
/// Compiles a CQL2 tree to a SQL boolean expression over <c>t</c>. Property names resolve only through
/// the collection's catalog and every literal becomes a parameter, so a filter cannot inject SQL; types
/// are checked here so a mismatch is a 400, never a database error.
/// </summary>
public sealed class CqlToSql(FeatureCollectionDefinition collection, CrsReference filterCrs, SqlParameters parameters)
{
    public const string GeometryProperty = "geometry";

    private static readonly Dictionary<string, string> SpatialSql = new()
    {
        ["intersects"] = "ST_Intersects({0}, {1})", ["disjoint"] = "NOT ST_Intersects({0}, {1})",
        ["within"] = "ST_Within({0}, {1})", ["contains"] = "ST_Contains({0}, {1})", ["equals"] = "ST_Equals({0}, {1})",
        ["overlaps"] = "ST_Overlaps({0}, {1})", ["touches"] = "ST_Touches({0}, {1})", ["crosses"] = "ST_Crosses({0}, {1})",
    };

    private enum Kind { Text, Number, Boolean, Instant, TextList, Geometry }

    public string Compile(CqlNode node) => node switch
    {
        CqlAnd and => "(" + string.Join(" AND ", and.Terms.Select(Compile)) + ")",
        CqlOr or => "(" + string.Join(" OR ", or.Terms.Select(Compile)) + ")",
        CqlNot not => "(NOT " + Compile(not.Term) + ")",
        CqlComparison c => Comparison(c),
        CqlLike like => Like(like),
        CqlBetween between => Between(between),
        CqlIn @in => In(@in),
        CqlIsNull isNull => $"({Operand(isNull.Value).Sql} IS NULL)",
        CqlSpatial spatial => Spatial(spatial),
        _ => throw new CqlException($"a {Describe(node)} is not a condition ({node.Where})"),
    };

    private string Comparison(CqlComparison c)
    {
        var (left, leftKind) = Operand(c.Left);
        var (right, rightKind) = Operand(c.Right);
        if (leftKind == Kind.TextList && rightKind == Kind.Text && c.Operator is "=" or "<>")
            return c.Operator == "=" ? $"({right} = ANY({left}))" : $"(NOT {right} = ANY({left}))";
        Same(leftKind, rightKind, c);
        if (leftKind is Kind.Geometry or Kind.TextList)
            throw new CqlException($"'{c.Operator}' does not apply to {KindName(leftKind)} ({c.Where}); use a spatial function");
        if (leftKind == Kind.Boolean && c.Operator is not ("=" or "<>"))
            throw new CqlException($"'{c.Operator}' does not apply to booleans ({c.Where})");
        return $"({left} {c.Operator} {right})";
    }

    /// <summary>
    /// CQL2 LIKE: % and _ are the wildcards and \ escapes them (or itself). The pattern must be a literal
    /// (as in the CQL2 grammar), so it is checked here: PostgreSQL fails on a pattern ending in its escape.
    /// </summary>
    private string Like(CqlLike like)
    {
        var (value, kind) = Operand(like.Value);
        if (kind != Kind.Text || like.Pattern is not CqlLiteral { Value: string pattern })
            throw new CqlException($"LIKE compares text with a quoted text pattern ({like.Where})");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '\\') continue;
            if (i + 1 == pattern.Length)
                throw new CqlException($"LIKE pattern ends in a backslash, which escapes nothing; write \\\\ for a backslash ({like.Pattern.Where})");
            if (pattern[i + 1] is not ('%' or '_' or '\\'))
                throw new CqlException($"LIKE pattern: the backslash at character {i + 1} of the pattern escapes '{pattern[i + 1]}'; " +
                                       $"only \\%, \\_ and \\\\ (a literal %, _ or backslash) are escapes ({like.Pattern.Where})");
            i++;
        }
        return $"({value} LIKE {parameters.Add(pattern)} ESCAPE E'\\\\')";
    }

    private string Between(CqlBetween between)
    {
        var (value, kind) = Operand(between.Value);
        var (low, lowKind) = Operand(between.Low);
        var (high, highKind) = Operand(between.High);
        if (kind is not (Kind.Number or Kind.Instant)) throw new CqlException($"BETWEEN needs a number or a time ({between.Where})");
        Same(kind, lowKind, between);
        Same(kind, highKind, between);
        return $"({value} BETWEEN {low} AND {high})";
    }

    private string In(CqlIn @in)
    {
        var (value, kind) = Operand(@in.Value);
        if (@in.List.Count == 0) throw new CqlException($"IN needs at least one value ({@in.Where})");
        var items = @in.List.Select(Operand).ToList();
        if (kind == Kind.TextList)
        {
            if (items.Any(i => i.Kind != Kind.Text)) throw new CqlException($"IN on a list property takes text values ({@in.Where})");
            return $"({value} && ARRAY[{string.Join(", ", items.Select(i => i.Sql))}]::text[])";
        }
        foreach (var item in items) Same(kind, item.Kind, @in);
        return $"({value} IN ({string.Join(", ", items.Select(i => i.Sql))}))";
    }

    private string Spatial(CqlSpatial spatial)
    {
        if (!SpatialSql.TryGetValue(spatial.Function, out var template))
            throw new CqlException($"S_{spatial.Function.ToUpperInvariant()} is not a spatial function ({spatial.Where})");
        var (left, leftKind) = Operand(spatial.Left);
        var (right, rightKind) = Operand(spatial.Right);
        if (leftKind != Kind.Geometry || rightKind != Kind.Geometry)
            throw new CqlException($"S_{spatial.Function.ToUpperInvariant()} takes two geometries ({spatial.Where})");
        return "(" + string.Format(System.Globalization.CultureInfo.InvariantCulture, template, left, right) + ")";
    }

    private (string Sql, Kind Kind) Operand(CqlNode node)
    {
        switch (node)
        {
            case CqlProperty { Name: GeometryProperty }:
                return ("t.geom", Kind.Geometry);
            case CqlProperty p:
                var property = collection.Property(p.Name)
                    ?? throw new CqlException($"'{p.Name}' is not a queryable of {collection.Id} ({p.Where}); see /collections/{collection.Id}/queryables");
                return (property.Sql, property.Type switch
                {
                    PropertyType.String => Kind.Text,
                    PropertyType.Number or PropertyType.Integer => Kind.Number,
                    PropertyType.Boolean => Kind.Boolean,
                    PropertyType.DateTime or PropertyType.Date => Kind.Instant,
                    PropertyType.StringArray => Kind.TextList,
                    _ => throw new InvalidOperationException(property.Type.ToString()),
                });
            case CqlLiteral { Value: string s }: return (parameters.Add(s), Kind.Text);
            case CqlLiteral { Value: double d }: return (parameters.Add(d), Kind.Number);
            case CqlLiteral { Value: bool b }: return (parameters.Add(b), Kind.Boolean);
            case CqlLiteral { Value: DateTimeOffset t }: return (parameters.Add(t), Kind.Instant);
            case CqlGeometry g: return (GeometryLiteral(g), Kind.Geometry);
            default: throw new CqlException($"a {Describe(node)} cannot be compared ({node.Where})");
        }
    }

    /// <summary>A literal in the filter CRS, brought into storage coordinates (the literal is transformed, never the column).</summary>
    private string GeometryLiteral(CqlGeometry literal)
    {
        var geometry = filterCrs.AxesSwapped ? AxisOrder.Swapped(literal.Geometry) : literal.Geometry;
        if (!geometry.IsEmpty && filterCrs.OutsideValidArea(Extent.OfEveryCoordinate(geometry)) is { } outside)
            throw new CqlException($"geometry literal: {outside} ({literal.Where})");
        var validity = new IsValidOp(geometry).ValidationError;
        if (validity is not null)
            throw new CqlException($"invalid geometry literal ({literal.Where}): {validity.Message} at {validity.Coordinate}");
        var wkb = parameters.Add(new WKBWriter().Write(geometry));
        return filterCrs.Geographic
            ? $"ST_GeomFromWKB({wkb}, {Geometries.Cgcs2000})"
            : $"ST_Transform(ST_GeomFromWKB({wkb}, {filterCrs.Srid}), {Geometries.Cgcs2000})";
    }

    private static void Same(Kind a, Kind b, CqlNode at)
    {
        if (a != b) throw new CqlException($"cannot compare {KindName(a)} with {KindName(b)} ({at.Where})");
    }

    private static string KindName(Kind kind) => kind switch
    {
        Kind.Text => "text", Kind.Number => "a number", Kind.Boolean => "a boolean", Kind.Instant => "a time",
        Kind.TextList => "a list", _ => "a geometry",
    };

    private static string Describe(CqlNode node) => node switch
    {
        CqlProperty p => $"property '{p.Name}'", CqlLiteral => "literal", CqlGeometry => "geometry", _ => "expression",
    };
}

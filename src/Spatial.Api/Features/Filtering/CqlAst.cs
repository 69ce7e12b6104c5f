using NetTopologySuite.Geometries;

namespace Spatial.Api.Features.Filtering;

/// <summary>A CQL2 expression, parsed from cql2-text or cql2-json; compiled to SQL by <see cref="CqlToSql"/>.</summary>
public abstract record CqlNode(string Where);

public sealed record CqlAnd(IReadOnlyList<CqlNode> Terms, string Where) : CqlNode(Where);

public sealed record CqlOr(IReadOnlyList<CqlNode> Terms, string Where) : CqlNode(Where);

public sealed record CqlNot(CqlNode Term, string Where) : CqlNode(Where);

/// <summary>=, &lt;&gt;, &lt;, &gt;, &lt;=, &gt;=.</summary>
public sealed record CqlComparison(string Operator, CqlNode Left, CqlNode Right, string Where) : CqlNode(Where);

public sealed record CqlLike(CqlNode Value, CqlNode Pattern, string Where) : CqlNode(Where);

public sealed record CqlBetween(CqlNode Value, CqlNode Low, CqlNode High, string Where) : CqlNode(Where);

public sealed record CqlIn(CqlNode Value, IReadOnlyList<CqlNode> List, string Where) : CqlNode(Where);

public sealed record CqlIsNull(CqlNode Value, string Where) : CqlNode(Where);

/// <summary>S_INTERSECTS, S_WITHIN, … (lower-case name without the prefix in <see cref="Function"/>).</summary>
public sealed record CqlSpatial(string Function, CqlNode Left, CqlNode Right, string Where) : CqlNode(Where);

public sealed record CqlProperty(string Name, string Where) : CqlNode(Where);

/// <summary>A string, number, boolean, date or timestamp literal.</summary>
public sealed record CqlLiteral(object Value, string Where) : CqlNode(Where);

/// <summary>A geometry literal (WKT, GeoJSON or BBOX) in the filter CRS, x = first axis as written.</summary>
public sealed record CqlGeometry(Geometry Geometry, string Where) : CqlNode(Where);

/// <summary>A filter that cannot be parsed or compiled; <see cref="CqlNode.Where"/>-style location in the message.</summary>
public sealed class CqlException(string message) : FormatException(message);

/// <summary>Bounds on a filter, so no request can exhaust the parser's stack or the statement's parameters.</summary>
public static class CqlLimits
{
    /// <summary>Characters of cql2-text or cql2-json; a filter of this size already holds thousands of literals.</summary>
    public const int MaxLength = 32_768;

    /// <summary>Nested parentheses and NOTs in cql2-text (cql2-json is bounded by <see cref="Spatial.Geo.JsonInput.MaxDepth"/>).</summary>
    public const int MaxDepth = 64;
}

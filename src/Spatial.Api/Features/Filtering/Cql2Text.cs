using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Spatial.Geo;

namespace Spatial.Api.Features.Filtering;

/// <summary>
/// Parses CQL2 text (basic CQL2, LIKE/IN/BETWEEN/IS NULL, the spatial functions with WKT and BBOX
/// literals). Errors name the 1-based character position. The text is bounded in length and nesting
/// (a recursive descent parser would otherwise let a client exhaust the stack) and may not hold control
/// characters, which no queryable value contains and PostgreSQL text cannot store (U+0000).
/// </summary>
public sealed class Cql2Text
{
    private static readonly string[] ComparisonOperators = ["<>", "<=", ">=", "=", "<", ">"];
    private static readonly HashSet<string> SpatialFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "S_INTERSECTS", "S_EQUALS", "S_DISJOINT", "S_TOUCHES", "S_WITHIN", "S_OVERLAPS", "S_CROSSES", "S_CONTAINS",
    };
    private static readonly HashSet<string> WktTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
    };

    private readonly string _text;
    private int _at;
    private int _depth;

    private Cql2Text(string text) => _text = text;

    public static CqlNode Parse(string text)
    {
        if (text.Length > CqlLimits.MaxLength)
            throw new CqlException($"the filter is {text.Length} characters long; at most {CqlLimits.MaxLength} are read");
        if (PlainText.Flaw(text) is { } flaw) throw new CqlException($"{flaw.Reason} (at character {flaw.Index + 1})");
        var parser = new Cql2Text(text);
        var node = parser.Or();
        parser.SkipSpace();
        if (parser._at < text.Length) throw parser.Error($"unexpected '{parser.Rest(12)}'");
        return node;
    }

    private CqlNode Or()
    {
        var start = Here;
        var terms = new List<CqlNode> { And() };
        while (Keyword("OR")) terms.Add(And());
        return terms.Count == 1 ? terms[0] : new CqlOr(terms, start);
    }

    private CqlNode And()
    {
        var start = Here;
        var terms = new List<CqlNode> { Not() };
        while (Keyword("AND")) terms.Add(Not());
        return terms.Count == 1 ? terms[0] : new CqlAnd(terms, start);
    }

    private CqlNode Not()
    {
        SkipSpace();
        var at = _at;
        var start = Here;
        if (!Keyword("NOT")) return Primary();
        Enter(at);
        var term = Not();
        _depth--;
        return new CqlNot(term, start);
    }

    /// <summary>One level deeper (the parenthesis or NOT at <paramref name="at"/>); refused beyond <see cref="CqlLimits.MaxDepth"/>.</summary>
    private void Enter(int at)
    {
        if (++_depth > CqlLimits.MaxDepth)
            throw new CqlException($"the filter nests parentheses and NOTs deeper than {CqlLimits.MaxDepth} levels (at character {at + 1})");
    }

    private CqlNode Primary()
    {
        SkipSpace();
        var at = _at;
        var start = Here;
        if (Symbol("("))
        {
            Enter(at);
            var inner = Or();
            Expect(")");
            _depth--;
            return inner;
        }
        var save = _at;
        var word = Word();
        if (word is not null && SpatialFunctions.Contains(word))
        {
            Expect("(");
            var left = SpatialOperand();
            Expect(",");
            var right = SpatialOperand();
            Expect(")");
            return new CqlSpatial(word[2..].ToLowerInvariant(), left, right, start);
        }
        _at = save;
        var value = Scalar();
        if (Keyword("IS"))
        {
            var negated = Keyword("NOT");
            if (!Keyword("NULL")) throw Error("expected NULL after IS");
            var isNull = new CqlIsNull(value, start);
            return negated ? new CqlNot(isNull, start) : isNull;
        }
        var not = Keyword("NOT");
        if (Keyword("LIKE")) return Negate(new CqlLike(value, Scalar(), start), not, start);
        if (Keyword("BETWEEN"))
        {
            var low = Scalar();
            if (!Keyword("AND")) throw Error("expected AND in BETWEEN");
            return Negate(new CqlBetween(value, low, Scalar(), start), not, start);
        }
        if (Keyword("IN"))
        {
            Expect("(");
            var list = new List<CqlNode> { Scalar() };
            while (Symbol(",")) list.Add(Scalar());
            Expect(")");
            return Negate(new CqlIn(value, list, start), not, start);
        }
        if (not) throw Error("expected LIKE, BETWEEN or IN after NOT");
        SkipSpace();
        var op = ComparisonOperators.FirstOrDefault(o => string.CompareOrdinal(_text, _at, o, 0, o.Length) == 0)
                 ?? throw Error($"{Describe(value)} ({start}) is not a condition on its own: expected {string.Join(", ", ComparisonOperators)}, LIKE, BETWEEN, IN " +
                                $"or IS NULL after it, found {(_at < _text.Length ? $"'{Rest(12)}'" : "the end of the filter")}");
        _at += op.Length;
        return new CqlComparison(op, value, Scalar(), start);
    }

    private static CqlNode Negate(CqlNode node, bool negated, string where) => negated ? new CqlNot(node, where) : node;

    private CqlNode Scalar()
    {
        SkipSpace();
        var start = Here;
        if (_at >= _text.Length) throw Error("unexpected end of filter");
        var c = _text[_at];
        if (c == '\'') return new CqlLiteral(QuotedString(), start);
        if (c == '"') return new CqlProperty(QuotedIdentifier(), start);
        if (char.IsDigit(c) || c is '-' or '+' or '.') return new CqlLiteral(Number(), start);
        var word = Word() ?? throw Error($"expected a property, a literal or '(', found '{Rest(12)}'");
        if (!word.Equals("DATE", StringComparison.OrdinalIgnoreCase) && !word.Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase)) RefuseCall(word, start);
        switch (word.ToUpperInvariant())
        {
            case "TRUE": return new CqlLiteral(true, start);
            case "FALSE": return new CqlLiteral(false, start);
            case "DATE" or "TIMESTAMP":
                Expect("(");
                SkipSpace();
                var valueAt = Here;
                if (!Peek("'")) throw Error($"{word.ToUpperInvariant()} takes a quoted value, e.g. {word.ToUpperInvariant()}('2024-05-01{(word.Length == 4 ? "" : "T08:00:00Z")}')");
                var text = QuotedString();
                Expect(")");
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                    throw new CqlException($"'{text}' is not a valid {word.ToUpperInvariant()} ({valueAt})");
                return new CqlLiteral(instant.ToUniversalTime(), start);
            default:
                return new CqlProperty(word, start);
        }
    }

    private CqlNode SpatialOperand()
    {
        SkipSpace();
        var start = Here;
        var save = _at;
        var word = Word();
        if (word is not null && word.Equals("BBOX", StringComparison.OrdinalIgnoreCase))
        {
            Expect("(");
            var numbers = new List<double> { Number() };
            while (Symbol(",")) numbers.Add(Number());
            Expect(")");
            if (numbers.Count is not (4 or 6)) throw new CqlException($"BBOX takes 4 or 6 numbers, found {numbers.Count} ({start})");
            var (minX, minY, maxX, maxY) = numbers.Count == 4
                ? (numbers[0], numbers[1], numbers[2], numbers[3])
                : (numbers[0], numbers[1], numbers[3], numbers[4]);
            if (minX > maxX || minY > maxY) throw new CqlException($"BBOX minimum exceeds maximum ({start})");
            return new CqlGeometry(new GeometryFactory().ToGeometry(new Envelope(minX, maxX, minY, maxY)), start);
        }
        if (word is not null && WktTypes.Contains(word))
        {
            _at = save;
            try
            {
                return new CqlGeometry(WktParser.Read(_text, ref _at, new GeometryFactory()), start);
            }
            catch (WktFormatException e)
            {
                throw new CqlException($"invalid WKT {word.ToUpperInvariant()} ({start}): {e.Message}");
            }
        }
        _at = save;
        if (Peek("\"")) return new CqlProperty(QuotedIdentifier(), start);
        var property = Word() ?? throw Error("expected a geometry property, a WKT literal or BBOX(...)");
        RefuseCall(property, start);
        return new CqlProperty(property, start);
    }

    /// <summary>A word followed by '(' that is none of the functions read here: named, rather than read as a property followed by a stray '('.</summary>
    private void RefuseCall(string word, string start)
    {
        var after = _at;
        SkipSpace();
        var call = Peek("(");
        _at = after;
        if (!call) return;
        if (SpatialFunctions.Contains(word))
            throw new CqlException($"{word.ToUpperInvariant()}(…) ({start}) is a condition, not a value; write it on its own, e.g. {word.ToUpperInvariant()}(geometry, BBOX(130, 44, 134, 47))");
        if (word.Equals("BBOX", StringComparison.OrdinalIgnoreCase) || WktTypes.Contains(word))
            throw new CqlException($"{word.ToUpperInvariant()}(…) ({start}) is a geometry, read only as an argument of a spatial function ({string.Join(", ", SpatialFunctions.Order(StringComparer.Ordinal))})");
        throw new CqlException($"'{word}' ({start}) is not a function this service reads; it reads the spatial functions " +
                               $"{string.Join(", ", SpatialFunctions.Order(StringComparer.Ordinal))} (with BBOX(…) or WKT), and DATE(…) and TIMESTAMP(…)");
    }

    private static string Describe(CqlNode node) => node switch
    {
        CqlProperty p => $"the property '{p.Name}'",
        CqlLiteral { Value: bool b } => $"the literal {(b ? "TRUE" : "FALSE")}",
        CqlLiteral { Value: string text } => $"the text '{(text.Length <= 24 ? text : text[..(char.IsHighSurrogate(text[23]) ? 25 : 24)] + "…")}'",
        CqlLiteral { Value: double number } => $"the number {number.ToString(CultureInfo.InvariantCulture)}",
        CqlLiteral => "the time",
        _ => "the value",
    };

    private double Number()
    {
        SkipSpace();
        var start = _at;
        if (_at < _text.Length && _text[_at] is '+' or '-') _at++;
        while (_at < _text.Length && (char.IsDigit(_text[_at]) || _text[_at] is '.' or 'e' or 'E'
                                      || (_text[_at] is '+' or '-' && _text[_at - 1] is 'e' or 'E')))
            _at++;
        var token = _text[start.._at];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new CqlException($"'{token}' is not a number (at character {start + 1})");
        return value;
    }

    private string QuotedString()
    {
        var start = _at;
        var value = new StringBuilder();
        _at++;
        while (true)
        {
            if (_at >= _text.Length) throw new CqlException($"unterminated string starting at character {start + 1}");
            var c = _text[_at++];
            if (c == '\'')
            {
                if (_at < _text.Length && _text[_at] == '\'') { value.Append('\''); _at++; continue; }
                return value.ToString();
            }
            value.Append(c);
        }
    }

    private string QuotedIdentifier()
    {
        var start = _at;
        var end = _text.IndexOf('"', _at + 1);
        if (end < 0) throw new CqlException($"unterminated quoted identifier starting at character {start + 1}");
        _at = end + 1;
        return _text[(start + 1)..end];
    }

    private string? Word()
    {
        SkipSpace();
        var start = _at;
        while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] is '_' or ':' or '.') && !(start == _at && char.IsDigit(_text[_at])))
            _at++;
        return _at > start ? _text[start.._at] : null;
    }

    private bool Keyword(string keyword)
    {
        SkipSpace();
        var end = _at + keyword.Length;
        if (end > _text.Length || string.Compare(_text, _at, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        if (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        _at = end;
        return true;
    }

    private bool Symbol(string symbol)
    {
        SkipSpace();
        if (!Peek(symbol)) return false;
        _at += symbol.Length;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!Symbol(symbol))
            throw Error(_at < _text.Length ? $"expected '{symbol}', found '{Rest(12)}'" : $"expected '{symbol}' before the end of the filter");
    }

    private bool Peek(string symbol) => string.CompareOrdinal(_text, _at, symbol, 0, symbol.Length) == 0;

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
    }

    private string Here => $"at character {_at + 1}";

    /// <summary>Up to <paramref name="length"/> characters from the cursor for a message, never half a surrogate pair.</summary>
    private string Rest(int length)
    {
        var end = Math.Min(_at + length, _text.Length);
        if (end < _text.Length && char.IsLowSurrogate(_text[end])) end++;
        return _text[_at..end];
    }

    private CqlException Error(string reason) => new($"{reason} (at character {_at + 1})");
}

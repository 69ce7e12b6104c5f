using System.Globalization;
using NetTopologySuite.Geometries;

namespace Spatial.Geo;

/// <summary>
/// Reads OGC WKT (x y, with Z and M values read and dropped) instead of NTS's WKTReader, whose tokenizer
/// indexes a 256-entry table by character (an IndexOutOfRangeException on CJK text), accepts NaN and
/// trailing text, and recurses without a bound. Errors name the 1-based character, in our own words.
/// </summary>
public sealed class WktParser
{
    /// <summary>GEOMETRYCOLLECTIONs nested deeper than this are refused, so no input can exhaust the stack.</summary>
    public const int MaxNesting = 16;

    private const string TypeNames = "POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION";

    private readonly string _text;
    private readonly GeometryFactory _factory;
    private int _at;
    private int _nesting;

    private WktParser(string text, int at, GeometryFactory factory) => (_text, _at, _factory) = (text, at, factory);

    /// <summary>The whole of <paramref name="text"/> as one geometry; anything after it but spaces is an error.</summary>
    public static Geometry Read(string text, GeometryFactory factory)
    {
        var parser = new WktParser(text, 0, factory);
        var geometry = parser.Geometry();
        parser.SkipSpace();
        if (parser._at < text.Length) throw parser.Error($"unexpected {parser.Found()} after the geometry");
        return geometry;
    }

    /// <summary>One geometry starting at <paramref name="at"/>; <paramref name="at"/> ends just after it.</summary>
    public static Geometry Read(string text, ref int at, GeometryFactory factory)
    {
        var parser = new WktParser(text, at, factory);
        var geometry = parser.Geometry();
        at = parser._at;
        return geometry;
    }

    private Geometry Geometry()
    {
        SkipSpace();
        var start = _at;
        var type = Word()?.ToUpperInvariant() ?? throw Error($"expected a geometry type ({TypeNames}), found {Found()}");
        foreach (var suffix in new[] { "ZM", "Z", "M" })
            if (type.Length > suffix.Length && type.EndsWith(suffix, StringComparison.Ordinal) && IsType(type[..^suffix.Length]))
                type = type[..^suffix.Length];
        if (!IsType(type)) throw Error(start, $"'{Clip(_text[start.._at])}' is not a WKT geometry type; use {TypeNames}");
        var save = _at;
        if (Word()?.ToUpperInvariant() is not ("Z" or "M" or "ZM")) _at = save;
        if (Keyword("EMPTY")) return Empty(type);
        return type switch
        {
            "POINT" => _factory.CreatePoint(Parenthesised(Position)),
            "LINESTRING" => _factory.CreateLineString(Line()),
            "POLYGON" => Polygon(),
            "MULTIPOINT" => _factory.CreateMultiPointFromCoords(List(MultiPointMember).ToArray()),
            "MULTILINESTRING" => _factory.CreateMultiLineString(List(() => _factory.CreateLineString(Line())).ToArray()),
            "MULTIPOLYGON" => _factory.CreateMultiPolygon(List(Polygon).ToArray()),
            _ => Collection(start),
        };
    }

    private GeometryCollection Collection(int start)
    {
        if (++_nesting > MaxNesting) throw Error(start, $"geometry collections are nested deeper than {MaxNesting} levels");
        var members = List(Geometry).ToArray();
        _nesting--;
        return _factory.CreateGeometryCollection(members);
    }

    private Geometry Empty(string type) => type switch
    {
        "POINT" => _factory.CreatePoint(),
        "LINESTRING" => _factory.CreateLineString(),
        "POLYGON" => _factory.CreatePolygon(),
        "MULTIPOINT" => _factory.CreateMultiPoint(),
        "MULTILINESTRING" => _factory.CreateMultiLineString(),
        "MULTIPOLYGON" => _factory.CreateMultiPolygon(),
        _ => _factory.CreateGeometryCollection(),
    };

    private Polygon Polygon()
    {
        var rings = List(Ring);
        return _factory.CreatePolygon(rings[0], rings.Skip(1).ToArray());
    }

    private LinearRing Ring()
    {
        SkipSpace();
        var start = _at;
        var positions = List(Position);
        if (positions.Count < 4)
            throw Error(start, $"a polygon ring needs at least 4 positions (3 distinct + closing), found {positions.Count}");
        if (!positions[0].Equals2D(positions[^1])) throw Error(start, "the ring is not closed: its last position must repeat the first");
        return _factory.CreateLinearRing(positions.ToArray());
    }

    private Coordinate[] Line()
    {
        SkipSpace();
        var start = _at;
        var positions = List(Position);
        return positions.Count >= 2 ? positions.ToArray() : throw Error(start, "a line needs at least 2 positions");
    }

    /// <summary>MULTIPOINT members are written either as (x y) or, in older WKT, as bare x y.</summary>
    private Coordinate MultiPointMember()
    {
        SkipSpace();
        return Peek('(') ? Parenthesised(Position) : Position();
    }

    private Coordinate Position()
    {
        var x = Number();
        var y = Number();
        for (var extra = 0; extra < 2 && StartsNumber(); extra++) Number(); // Z, M
        return new Coordinate(x, y);
    }

    private double Number()
    {
        SkipSpace();
        var start = _at;
        if (_at < _text.Length && _text[_at] is '+' or '-') _at++;
        var digits = Digits();
        if (_at < _text.Length && _text[_at] == '.')
        {
            _at++;
            digits += Digits();
        }
        var valid = digits > 0;
        if (valid && _at < _text.Length && _text[_at] is 'e' or 'E')
        {
            _at++;
            if (_at < _text.Length && _text[_at] is '+' or '-') _at++;
            valid = Digits() > 0;
        }
        if (_at == start) throw Error($"expected a number, found {Found()}");
        var token = _text[start.._at];
        if (!valid) throw Error(start, $"'{Clip(token)}' is not a number");
        var value = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? value : throw Error(start, $"{Clip(token)} is too large for a coordinate");
    }

    private int Digits()
    {
        var start = _at;
        while (_at < _text.Length && char.IsAsciiDigit(_text[_at])) _at++;
        return _at - start;
    }

    private bool StartsNumber()
    {
        SkipSpace();
        return _at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] is '+' or '-' or '.');
    }

    private List<T> List<T>(Func<T> item)
    {
        Expect('(');
        var items = new List<T> { item() };
        while (Symbol(',')) items.Add(item());
        Expect(')');
        return items;
    }

    private T Parenthesised<T>(Func<T> item)
    {
        Expect('(');
        var value = item();
        Expect(')');
        return value;
    }

    private string? Word()
    {
        SkipSpace();
        var start = _at;
        while (_at < _text.Length && char.IsAsciiLetter(_text[_at])) _at++;
        return _at > start ? _text[start.._at] : null;
    }

    private bool Keyword(string keyword)
    {
        var save = _at;
        if (string.Equals(Word(), keyword, StringComparison.OrdinalIgnoreCase)) return true;
        _at = save;
        return false;
    }

    private bool Symbol(char symbol)
    {
        SkipSpace();
        if (!Peek(symbol)) return false;
        _at++;
        return true;
    }

    private void Expect(char symbol)
    {
        if (!Symbol(symbol)) throw Error($"expected '{symbol}', found {Found()}");
    }

    private bool Peek(char symbol) => _at < _text.Length && _text[_at] == symbol;

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\r' or '\n') _at++;
    }

    private static bool IsType(string word) => word is "POINT" or "LINESTRING" or "POLYGON" or "MULTIPOINT" or "MULTILINESTRING" or "MULTIPOLYGON" or "GEOMETRYCOLLECTION";

    /// <summary>The character at the cursor for a message, with its code point when it is not plain ASCII.</summary>
    private string Found()
    {
        if (_at >= _text.Length) return "the end of the text";
        var c = _text[_at];
        if (c is >= '!' and <= '~') return $"'{c}'";
        if (char.IsSurrogatePair(_text, _at)) return $"'{_text.Substring(_at, 2)}' (U+{char.ConvertToUtf32(_text, _at):X4})";
        return char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";
    }

    private static string Clip(string text) => text.Length <= 24 ? text : text[..24] + "…";

    private WktFormatException Error(string reason) => Error(_at, reason);

    private static WktFormatException Error(int position, string reason) => new(position, reason);
}

/// <summary>Text that is not WKT; <see cref="Position"/> is the 0-based character at fault.</summary>
public sealed class WktFormatException(int position, string reason) : FormatException($"{reason} (at character {position + 1})")
{
    public int Position { get; } = position;
    public string Reason { get; } = reason;
}

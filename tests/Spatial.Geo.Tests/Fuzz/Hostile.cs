using System.Globalization;
using System.Text;
using CsCheck;

namespace Spatial.Geo.Tests.Fuzz;

/// <summary>
/// What a hostile client types: characters and numbers that parsers mishandle, and mutations that turn a
/// valid input into a nearly valid one (the inputs most likely to reach code that assumes validity).
/// </summary>
public static class Hostile
{
    /// <summary>Cases per property: <c>SPATIAL_FUZZ_ITERATIONS</c> when set (see the fuzz test files), else <paramref name="defaultCount"/>.</summary>
    public static long Iterations(long defaultCount) =>
        long.TryParse(Environment.GetEnvironmentVariable("SPATIAL_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : defaultCount;

    /// <summary>Characters with a history: controls, escapes, quotes, CJK, Latin-1 and beyond, half surrogates, BOM.</summary>
    public static readonly Gen<char> Char = Gen.Frequency(
        (3, Gen.Char['a', 'z']),
        (1, Gen.Char['0', '9']),
        (4, Gen.OneOfConst('\0', '\u0001', '\u0008', '\u001f', '\u007f', '\u0085', '\u009f', '\\', '%', '_', '\'', '"', '(', ')', ',', ';',
            ' ', '\t', '\n', '\r', '[', ']', '{', '}', ':', '@', '=', '<', '>', '-', '+', '.', 'e', 'E', '/', '#', '&', '?', '*')),
        (3, Gen.OneOfConst('中', '地', '块', '，', '　', 'Ā', 'é', 'ÿ', 'Ω', 'ß', '\u00a0', '\u2028', '\u200b', '\ufeff', '\ufffd', '\uffff',
            '\ud800', '\udc00', '٣', '０', '１', 'Ⅻ', '∞', '−')),
        (1, Gen.Char));

    public static readonly Gen<string> Text = Char.Array[0, 12].Select(chars => new string(chars));

    /// <summary>Number spellings: plain, signed zero, overflow, underflow, hex, named, non-ASCII digits, malformed.</summary>
    public static readonly Gen<string> NumberText = Gen.Frequency(
        (4, Gen.Double[-1000, 1000].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (3, Gen.OneOfConst("0", "-0", "+0", "0.0", "-0.0", "1e400", "-1e400", "1e-400", "1E308", "1.7976931348623157E+308", "4.9e-324",
            "0x1F", "0X10", "NaN", "nan", "Infinity", "-Infinity", "inf", "∞", "1e", "1e+", ".5", "5.", ".", "-", "+", "--1", "+-1", "1..2",
            "1.2.3", "١٢٣", "１２", "1_000", "1,5", "99999999999999999999999999999999", "0000000000131", "1e99999", "9223372036854775808",
            "-9223372036854775809", "2147483648", " 1", "1 ", "")),
        (1, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>A small edit of <paramref name="valid"/>, or <paramref name="valid"/> itself (about a third of the time).</summary>
    public static Gen<string> Mutated(string valid) => Gen.Frequency(
        (5, Gen.Const(valid)),
        (3, Gen.Select(Gen.Int[0, valid.Length], Char, (at, c) => valid.Insert(at, c.ToString()))),
        (2, Gen.Select(Gen.Int[0, valid.Length], Text, (at, s) => valid.Insert(at, s))),
        (2, Gen.Int[0, valid.Length].Select(at => valid[..at])),
        (2, Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 8], (at, n) => valid.Remove(at, Math.Min(n, valid.Length - at)))),
        (2, Gen.Select(Gen.Int[0, Math.Max(0, valid.Length - 1)], Char, (at, c) => valid.Length == 0 ? valid : valid.Remove(at, 1).Insert(at, c.ToString()))),
        (2, NumberText.Select(number => ReplaceANumber(valid, number))),
        (1, Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, valid.Length], (a, b) => valid + valid[Math.Min(a, b)..Math.Max(a, b)])));

    /// <summary>Mutates every generated value (apply twice for a harsher mix).</summary>
    public static Gen<string> Mutate(this Gen<string> valid) => valid.SelectMany(Mutated);

    /// <summary>Half as they are, half mutated: for JSON, where almost any edit is a syntax error that hides what lies deeper.</summary>
    public static Gen<string> SometimesMutate(this Gen<string> valid) => Gen.Frequency((1, valid), (1, valid.Mutate()));

    /// <summary>Replaces the first number at or after a random place in <paramref name="text"/>.</summary>
    private static string ReplaceANumber(string text, string number)
    {
        var start = text.AsSpan(text.Length / 3).IndexOfAnyInRange('0', '9');
        start = start < 0 ? text.AsSpan().IndexOfAnyInRange('0', '9') : start + text.Length / 3;
        if (start < 0) return text;
        var end = start;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or 'e' or 'E')) end++;
        return text[..start] + number + text[end..];
    }

    /// <summary>Text as a client might send it: UTF-8 (with or without a BOM) or GB18030, or raw Latin-1 bytes.</summary>
    public static Gen<byte[]> Encoded(string text) => Gen.Frequency(
        (16, Gen.Const(Encoding.UTF8.GetBytes(text))),
        (1, Gen.Const(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray())),
        (3, Gen.Const(TextDecoding.Gb18030.GetBytes(text))),
        (1, Gen.Const(Encoding.Latin1.GetBytes(text))));

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A printable rendering of an input for failure messages (controls and surrogates as \uXXXX).</summary>
    public static string Show(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > 2000 ? text[..2000] + "…" : text)
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        return shown.ToString();
    }
}

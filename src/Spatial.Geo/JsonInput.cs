using System.Text;
using System.Text.Json;

namespace Spatial.Geo;

/// <summary>
/// Parses client JSON (GeoJSON bodies, CQL2 JSON filters) with a depth bound, and says in our own
/// words where it is broken: System.Text.Json's messages name its internals, not the client's mistake.
/// A string that is not valid UTF-8 (a GBK file sent as JSON) or escapes half a surrogate pair ("\ud800")
/// is refused here too: System.Text.Json reads it without complaint and throws later, in GetString().
/// </summary>
public static class JsonInput
{
    /// <summary>Objects and arrays nested deeper than this are refused (a MultiPolygon needs 4, a CQL2 filter a few per operator).</summary>
    public const int MaxDepth = 64;

    /// <summary>The document, or why the text is not JSON we read (the caller owns and disposes the document).</summary>
    public static (JsonDocument? Document, string? Problem) Parse(ReadOnlyMemory<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                    return (null, $"objects and arrays are nested deeper than {MaxDepth} levels (line {LineOf(reader.TokenStartIndex, utf8)})");
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !Decodes(ref reader))
                    return (null, $"a string on line {LineOf(reader.TokenStartIndex, utf8)} is not valid " + (reader.ValueIsEscaped
                        ? "Unicode (half of a surrogate pair escaped alone, or bytes that are not UTF-8); send JSON as UTF-8"
                        : "UTF-8; send JSON as UTF-8"));
            }
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1} of the line");
        }
        return (JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 }), null);
    }

    public static (JsonDocument? Document, string? Problem) Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static bool Decodes(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int LineOf(long offset, ReadOnlyMemory<byte> utf8) => 1 + utf8.Span[..(int)Math.Min(offset, utf8.Length)].Count((byte)'\n');
}

namespace Spatial.Geo;

/// <summary>What is wrong with a piece of client text: the 0-based index of the first bad character and why.</summary>
public sealed record TextFlaw(int Index, string Reason);

/// <summary>
/// Text a client sends that reaches PostgreSQL as a value. PostgreSQL text cannot hold U+0000, Npgsql
/// cannot send half a surrogate pair, and no name, code or pattern in these layers holds a control
/// character, so all three are refused before any SQL runs. Tab and line breaks are ordinary text.
/// </summary>
public static class PlainText
{
    public static TextFlaw? Flaw(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) return new TextFlaw(i, $"U+{(int)c:X4} is half of a surrogate pair; the text is not valid Unicode");
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return new TextFlaw(i, $"U+{(int)c:X4} is a control character; text cannot contain control characters");
        }
        return null;
    }
}

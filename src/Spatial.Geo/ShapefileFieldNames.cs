using System.Globalization;
using System.Text;

namespace Spatial.Geo;

/// <summary>
/// Field names for a shapefile's .dbf: dBase allows at most 10 bytes (ASCII letters, digits, underscore,
/// beginning with a letter) and compares names without case. Names that fit are kept; longer ones lose
/// letters from their longest words first (investment_cny → invest_cny), so each word stays recognisable;
/// a name that would clash with an earlier one ends in a number instead (…_2). The same names in the same
/// order always give the same fields, so a mapping file written beside the shapefile stays true.
/// </summary>
public static class ShapefileFieldNames
{
    public const int MaxBytes = 10;

    /// <summary>One field name per input name, in order: valid dBase names, unique without case.</summary>
    public static IReadOnlyList<string> For(IReadOnlyList<string> names)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fields = new List<string>(names.Count);
        foreach (var name in names)
        {
            var field = Shorten(Clean(name));
            for (var n = 2; !taken.Add(field); n++)
            {
                var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
                var stem = Shorten(Clean(name));
                field = stem[..Math.Min(stem.Length, MaxBytes - suffix.Length)].TrimEnd('_') + suffix;
            }
            fields.Add(field);
        }
        return fields;
    }

    /// <summary>Only ASCII letters, digits and underscores, beginning with a letter.</summary>
    private static string Clean(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
            text.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_');
        var cleaned = text.ToString().Trim('_');
        if (cleaned.Length == 0) return "field";
        return char.IsAsciiLetter(cleaned[0]) ? cleaned : "f" + cleaned;
    }

    /// <summary>Takes one letter at a time from the end of the longest word (the first of equals) until the name fits.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= MaxBytes) return name;
        var words = name.Split('_', StringSplitOptions.RemoveEmptyEntries).ToList();
        int Length() => words.Sum(w => w.Length) + words.Count - 1;
        while (Length() > MaxBytes)
        {
            var longest = 0;
            for (var i = 1; i < words.Count; i++)
                if (words[i].Length > words[longest].Length) longest = i;
            if (words[longest].Length == 1)
            {
                // Every word is one letter and it still does not fit: drop the separators, then the tail.
                var joined = string.Concat(words);
                return joined[..Math.Min(joined.Length, MaxBytes)];
            }
            words[longest] = words[longest][..^1];
        }
        return string.Join('_', words);
    }
}

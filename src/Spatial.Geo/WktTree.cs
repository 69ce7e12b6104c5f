using System.Globalization;
using System.Text;

namespace Spatial.Geo;

/// <summary>
/// A CRS WKT (WKT1 as GDAL and ArcGIS write it, or WKT2) as a tree: KEYWORD[item, item, …] where an item is a
/// quoted text, a bare number or word, or a nested node. Only the shape is read; the meaning is
/// <see cref="CrsIdentification"/>'s.
/// </summary>
internal sealed record WktNode(string Keyword, IReadOnlyList<object> Items)
{
    private const int MaxDepth = 32;

    public string? Name => Items.Count > 0 && Items[0] is string s ? s : null;

    public IEnumerable<WktNode> Children => Items.OfType<WktNode>();

    public WktNode? Child(params string[] keywords) =>
        Children.FirstOrDefault(c => keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase));

    public IEnumerable<WktNode> ChildrenNamed(params string[] keywords) =>
        Children.Where(c => keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase));

    /// <summary>The item at <paramref name="index"/> as a number, or null.</summary>
    public double? Number(int index) =>
        index < Items.Count && Items[index] is string s
        && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    /// <summary>The tree of <paramref name="text"/>, or null when it is not WKT.</summary>
    public static WktNode? Parse(string text)
    {
        var position = 0;
        var node = Node(text, ref position, 0);
        Skip(text, ref position);
        return node is not null && position == text.Length ? node : null;
    }

    private static WktNode? Node(string text, ref int position, int depth)
    {
        if (depth > MaxDepth) return null;
        Skip(text, ref position);
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_')) position++;
        if (position == start) return null;
        var keyword = text[start..position];
        Skip(text, ref position);
        if (position >= text.Length || text[position] is not ('[' or '(')) return null;
        var close = text[position] == '[' ? ']' : ')';
        position++;
        var items = new List<object>();
        while (true)
        {
            Skip(text, ref position);
            if (position >= text.Length) return null;
            if (text[position] == close && items.Count == 0) break;
            var item = Item(text, ref position, depth);
            if (item is null) return null;
            items.Add(item);
            Skip(text, ref position);
            if (position >= text.Length) return null;
            if (text[position] == ',') { position++; continue; }
            if (text[position] == close) break;
            return null;
        }
        position++;
        return new WktNode(keyword, items);
    }

    private static object? Item(string text, ref int position, int depth)
    {
        if (text[position] == '"')
        {
            var value = new StringBuilder();
            position++;
            while (position < text.Length)
            {
                if (text[position] == '"')
                {
                    if (position + 1 < text.Length && text[position + 1] == '"') { value.Append('"'); position += 2; continue; }
                    position++;
                    return value.ToString();
                }
                value.Append(text[position++]);
            }
            return null;
        }
        var start = position;
        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '.' or '-' or '+')) position++;
        if (position == start) return null;
        var after = position;
        Skip(text, ref after);
        if (after < text.Length && text[after] is '[' or '(')
        {
            position = start;
            return Node(text, ref position, depth + 1);
        }
        return text[start..position];
    }

    private static void Skip(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }
}

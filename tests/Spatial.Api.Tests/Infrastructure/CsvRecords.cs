using System.Text;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>CSV read as Excel's text import reads it (RFC 4180), written here rather than by the service's own writer.</summary>
public static class CsvRecords
{
    /// <summary>The records of <paramref name="text"/> (no BOM): quotes group, "" is a quote, a quoted field may hold commas and line breaks, CRLF ends a record.</summary>
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) records.Add([.. fields, field.ToString()]);
        return records;
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Spatial.Api.Http;

/// <summary>
/// CSV for spreadsheets: UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens 中文 correctly
/// instead of guessing GBK; RFC 4180 quoting; invariant numbers. A text cell that a spreadsheet would
/// run as a formula (it begins with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe,
/// so data typed by anyone stays data in the agencies' Excel. Numbers are written as numbers.
/// </summary>
public sealed partial class CsvResult(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = ContentDisposition.Attachment(fileName);
        var text = new StringBuilder(Bom);
        Line(text, header);
        foreach (var row in rows) Line(text, row);
        await response.WriteAsync(text.ToString(), Encoding.UTF8, httpContext.RequestAborted);
    }

    /// <summary>The byte-order mark that tells Excel the file is UTF-8.</summary>
    public const string Bom = "\uFEFF";

    /// <summary>Appends one CSV record (RFC 4180 quoting, CRLF).</summary>
    public static void Line(StringBuilder text, IEnumerable<object?> values)
    {
        text.AppendJoin(',', values.Select(Field));
        text.Append("\r\n");
    }

    private static string Field(object? value)
    {
        var s = value switch
        {
            null or DBNull => "",
            string[] list => Inert(string.Join('、', list)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => Inert(value.ToString() ?? ""),
        };
        return s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>Text as a spreadsheet shows it, never as a formula it evaluates; a plain signed number ("-1") stays a number.</summary>
    private static string Inert(string text) =>
        text.Length > 0 && FormulaStarts.Contains(text[0]) && !PlainNumber().IsMatch(text) ? "'" + text : text;

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();
}

using System.Text;

namespace Spatial.Api.Http;

/// <summary>
/// <c>Content-Disposition: attachment</c> with a file name (RFC 6266): an ASCII <c>filename</c> for old
/// clients and <c>filename*</c> (RFC 8187, UTF-8, percent-encoded) with the name exactly as given.
/// </summary>
public static class ContentDisposition
{
    public static string Attachment(string fileName)
    {
        var ascii = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
            // Quotes, backslashes and controls would end or bend the quoted string; the filename* form keeps them.
            ascii.Append(c is >= ' ' and < (char)127 and not ('"' or '\\') ? c : '_');
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Spatial.Api.Features.Imports;

/// <summary>The encoding an import used for a file's text, and how it was known: declared, or guessed (and why).</summary>
public sealed record EncodingUsed(string Used, bool Guessed, string? Why);

/// <summary>
/// The encoding of a Shapefile's .dbf: its .cpg when there is one, else the <c>encoding</c> parameter, else a guess —
/// UTF-8 when every text byte of the .dbf (field names and records) is valid UTF-8, GBK otherwise (what ArcGIS
/// and domestic GIS write on a Chinese Windows without a .cpg). GBK bytes of Chinese text are almost never valid UTF-8.
/// </summary>
public static class ShapefileEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The encoding to read <paramref name="dbfPath"/> in, with its GDAL name for <c>-oo ENCODING=</c>.</summary>
    public static (EncodingUsed Encoding, string GdalName) Choose(string dbfPath, TextEncoding? declared)
    {
        if (declared is { } given)
            return (new EncodingUsed(ImportParameters.Code(given), false, "the encoding parameter"), GdalName(given));
        var cpg = Path.ChangeExtension(dbfPath, ".cpg");
        if (!File.Exists(cpg)) cpg = Path.ChangeExtension(dbfPath, ".CPG");
        if (File.Exists(cpg))
        {
            var named = File.ReadAllText(cpg).Trim();
            var encoding = named.ToUpperInvariant() switch
            {
                "UTF-8" or "UTF8" or "65001" => TextEncoding.Utf8,
                "GBK" or "GB2312" or "GB18030" or "CP936" or "936" or "ANSI 936" => TextEncoding.Gbk,
                _ => (TextEncoding?)null,
            };
            return encoding is { } known
                ? (new EncodingUsed(ImportParameters.Code(known), false, $"the .cpg ({named})"), GdalName(known))
                : (new EncodingUsed(named, false, "the .cpg"), named);
        }
        return TextIsUtf8(dbfPath)
            ? (new EncodingUsed("UTF-8", true, "no .cpg and no encoding parameter: every text byte of the .dbf is valid UTF-8"), "UTF-8")
            : (new EncodingUsed("GBK", true, "no .cpg and no encoding parameter: the .dbf's text is not valid UTF-8, so it was read as GBK"), "CP936");
    }

    private static string GdalName(TextEncoding encoding) => encoding == TextEncoding.Gbk ? "CP936" : "UTF-8";

    /// <summary>
    /// Whether the field names and the records of a dBASE file are valid UTF-8. Only the layout needed to find
    /// the text is read (header length, record area); GDAL reads the values.
    /// </summary>
    public static bool TextIsUtf8(string dbfPath)
    {
        var bytes = File.ReadAllBytes(dbfPath);
        if (bytes.Length < 32) return true;
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        if (headerLength < 32 || headerLength > bytes.Length) return true;
        try
        {
            for (var at = 32; at + 32 <= headerLength && bytes[at] != 0x0D; at += 32)
            {
                var name = bytes.AsSpan(at, 11);
                var end = name.IndexOf((byte)0);
                StrictUtf8.GetString(end < 0 ? name : name[..end]);
            }
            StrictUtf8.GetString(bytes.AsSpan(headerLength));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

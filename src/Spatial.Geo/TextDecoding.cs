using System.Text;

namespace Spatial.Geo;

/// <summary>
/// Land offices write TXT files in UTF-8 or in GB18030/GBK (Windows "ANSI" on a Chinese system). UTF-8 is
/// tried strictly first — GBK bytes are almost never valid UTF-8 — and GB18030 (a superset of GBK) otherwise.
/// </summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>GB18030, the superset of GBK and GB2312 that Chinese Windows writes.</summary>
    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return (StrictUtf8.GetString(bytes[3..]), "UTF-8");
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Gb18030.GetString(bytes), "GB18030");
        }
    }
}

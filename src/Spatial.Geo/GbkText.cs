using System.Text;

namespace Spatial.Geo;

/// <summary>
/// Text for a file in GBK (code page 936), which older ArcGIS and domestic GIS read. A character GBK lacks is
/// written as its compatibility form when GBK has that (m² → m2, ﬁ → fi), otherwise as '?', the way a GBK writer
/// would, and counted so the export can say so. Everything GBK has (all of GB2312, 21 000 hanzi) stays as it is.
/// </summary>
public static class GbkText
{
    /// <summary>GBK as Windows writes it, failing instead of guessing, to round-trip text that <see cref="Fit"/> returned.</summary>
    public static Encoding Strict { get; } = CodePage936(EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static readonly Encoding Marking = CodePage936(new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);

    private static Encoding CodePage936(EncoderFallback encoderFallback, DecoderFallback decoderFallback)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, encoderFallback, decoderFallback);
    }

    /// <summary>The text with every character GBK has, and how many characters became '?'.</summary>
    public static (string Text, int Lost) Fit(string text)
    {
        if (text.EnumerateRunes().All(InGbk)) return (text, 0);
        var fitted = new StringBuilder(text.Length);
        var lost = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (InGbk(rune))
            {
                fitted.Append(rune.ToString());
                continue;
            }
            var compatible = rune.ToString().Normalize(NormalizationForm.FormKC);
            if (compatible != rune.ToString() && compatible.EnumerateRunes().All(InGbk)) fitted.Append(compatible);
            else
            {
                fitted.Append('?');
                lost++;
            }
        }
        return (fitted.ToString(), lost);
    }

    private static bool InGbk(Rune rune)
    {
        // ASCII and the CJK block of GBK need no look-up; they are nearly all of the plans' text.
        if (rune.Value < 0x80 || rune.Value is >= 0x4E00 and <= 0x9FA5) return true;
        var one = rune.ToString();
        var bytes = Marking.GetBytes(one);
        return !(bytes is [(byte)'?']) && Marking.GetString(bytes) == one;
    }
}

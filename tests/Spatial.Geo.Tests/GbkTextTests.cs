using System.Text;

namespace Spatial.Geo.Tests;

public sealed class GbkTextTests
{
    private static readonly Encoding Gb18030 = TextDecoding.Gb18030;

    [Fact]
    public void Chinese_text_of_the_plans_is_kept_as_it_is()
    {
        var (text, lost) = GbkText.Fit("黑龙江珍宝岛药业股份有限公司（鸡西）——原料药，3公顷");

        Assert.Equal("黑龙江珍宝岛药业股份有限公司（鸡西）——原料药，3公顷", text);
        Assert.Equal(0, lost);
    }

    [Fact]
    public void A_square_metre_sign_gbk_lacks_becomes_m2_and_an_emoji_a_counted_question_mark()
    {
        var (text, lost) = GbkText.Fit("占地1500m²🌾");

        Assert.Equal("占地1500m2?", text);
        Assert.Equal(1, lost);
        // GB18030 (a superset of GBK) decodes the GBK bytes back to the same text.
        Assert.Equal(text, Gb18030.GetString(GbkText.Strict.GetBytes(text)));
    }
}

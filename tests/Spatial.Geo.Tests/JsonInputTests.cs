using System.Text;
using Spatial.Geo;

namespace Spatial.Geo.Tests;

public sealed class JsonInputTests
{
    private static string Problem(byte[] utf8)
    {
        var (document, problem) = JsonInput.Parse(utf8);
        Assert.Null(document);
        return problem!;
    }

    [Theory]
    [InlineData("{\"type\":", "not valid JSON at line 1, byte 9 of the line")]
    [InlineData("{\"a\":1}\n{\"b\"", "not valid JSON at line 2, byte 1 of the line")]
    [InlineData("{\"type\":\"\\ud800\"}", "a string on line 1 is not valid Unicode (half of a surrogate pair escaped alone, or bytes that are not UTF-8)")]
    public void Broken_json_is_described_by_line_in_our_own_words(string json, string problem)
    {
        var said = Problem(Encoding.UTF8.GetBytes(json));

        Assert.Equal(problem, said[..Math.Min(said.Length, problem.Length)]);
        Assert.DoesNotContain("LineNumber", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_in_gbk_is_refused_as_not_utf8_rather_than_failing_when_a_string_is_read() =>
        Assert.Equal("a string on line 1 is not valid UTF-8; send JSON as UTF-8",
            Problem(TextDecoding.Gb18030.GetBytes("{\"name_zh\":\"地块\"}")));

    [Fact]
    public void Nesting_is_bounded_at_64_levels()
    {
        var (ok, _) = JsonInput.Parse(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64)));
        using (ok) Assert.NotNull(ok);

        Assert.Equal("objects and arrays are nested deeper than 64 levels (line 1)",
            Problem(Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65))));
    }
}

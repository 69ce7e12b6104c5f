// Property-based fuzzing of how an import reads a list held as text (a JSON array, or items between separators),
// run in PostgreSQL as the import runs it. SPATIAL_FUZZ_ITERATIONS sets the cases per property.
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using Spatial.Api.Features.Imports;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Features.Imports;

[Collection(ApiTests.Name)]
public sealed class ListTextFuzzTests(ApiFixture api)
{
    // The value as the import stages it: text GDAL wrote (valid UTF-8, no NUL), trimmed, empty as NULL.
    private static readonly string Read = $"SELECT {ImportSql.TextArray("nullif(btrim($1::text), '')")}";

    private static bool Storable(string text) => !text.Contains('\0') && !HasLoneSurrogate(text);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    private async Task<string[]?> ListAsync(string text)
    {
        var rows = await api.Database.RowsAsync(Read, r => r.IsDBNull(0) ? null : r.GetFieldValue<string[]>(0), text);
        return rows.Single();
    }

    private async Task AssertListAsync(string text, params string[] expected) => Assert.Equal(expected, await ListAsync(text) ?? ["(does not convert)"]);

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Any_text_is_a_list_or_does_not_convert_and_never_fails_the_statement()
    {
        var texts = Gen.Frequency(
            (2, Hostile.Text),
            (2, Hostile.Text.Array[0, 4].Select(items => JsonSerializer.Serialize(items)).SometimesMutate()),
            (1, Hostile.Text.Select(t => "[" + t)),
            (1, Hostile.Text.Array[0, 4].Select(items => string.Join("、", items)))).Where(Storable);
        await texts.SampleAsync(async text =>
        {
            var list = await ListAsync(text);
            if (text.Trim(' ').StartsWith('[')) Assert.True(list is null || JsonDocument.Parse(text).RootElement.ValueKind == JsonValueKind.Array, text);
            else if (text.Trim(' ').Length > 0) Assert.NotNull(list);
        }, iter: Hostile.Iterations(300), threads: 1, print: Hostile.Show);
    }

    [Fact]
    public async Task A_json_array_of_strings_reads_back_as_the_list_it_was_written_from_escaped_or_not()
    {
        var lists = Hostile.Text.Where(t => Storable(t) && !t.Contains('\0')).Array[0, 5];
        await Gen.Select(lists, Gen.Bool).SampleAsync(async (items, escaped) =>
        {
            var text = escaped ? JsonSerializer.Serialize(items) : JsonSerializer.Serialize(items, Unescaped);
            Assert.Equal(items, await ListAsync(text) ?? ["(does not convert)"]);
        }, iter: Hostile.Iterations(300), threads: 1, print: t => Hostile.Show(JsonSerializer.Serialize(t.Item1)));
    }

    [Fact]
    public async Task Items_between_separators_are_a_list_and_a_json_lookalike_that_is_not_one_does_not_convert()
    {
        await AssertListAsync("水稻、大豆, 玉米", "水稻", "大豆", "玉米");
        await AssertListAsync("""[ "a\"b" , "\u00e9\ud83d\ude00" ]""", "a\"b", "é😀");
        await AssertListAsync("[]");
        foreach (var lookalike in new[] { """["水稻","大豆\"]""", """["\u0000"]""", """["\ud800"]""", "[1,2]", "[\"a\"", "[水稻]" })
            Assert.Null(await ListAsync(lookalike));
    }
}

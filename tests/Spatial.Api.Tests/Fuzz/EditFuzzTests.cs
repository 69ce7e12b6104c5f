// Property-based fuzzing of the write path: GeoJSON-ish bodies (mostly well-formed Features whose members,
// property names, values and geometries are drawn from the layers' own vocabulary and from hostile text
// and numbers, sometimes mutated into broken JSON) POSTed and PATCHed by an admin. Every answer is one a
// client can act on (never a 500), every refusal is problem+json, and a refusal writes nothing: no row, no
// history version. SPATIAL_FUZZ_ITERATIONS sets the cases per property.
using System.Text.Json;
using CsCheck;
using Spatial.Api.Features.Editing;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Geo.Tests.Fuzz;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Fuzz;

public sealed class EditFuzzTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private static readonly string[] Names =
    [
        "name_zh", "name_en", "kind", "townships_zh", "county_code", "plan", "source_ref", "geometry_source", "location_note", "category",
        "crops_zh", "crops_en", "township_zh", "operator_zh", "aliases_zh", "level", "sectors", "sector", "park_id", "investment_cny",
        "summary_zh", "land_area_m2", "building_area_m2", "status", "scope", "products_zh",
        "county_name_zh", "area_mu", "area_m2", "created_at", "updated_at", "version", "category_zh", "sector_zh",
        "colour", "", "id", "geometry", "a/b~c", "名称", "__proto__",
    ];

    private static readonly string[] Codes =
    [
        "biomedicine", "bio_energy", "bio_magic", "medicinal_herbs", "rice", "jixi-2022", "suifenhe-2022", "230302", "231081", "230399",
        "surveyed", "derived", "indicative", "guessed", "planned", "completed", "site", "programme", "national", "county", "galactic",
        "lake", "wetland", "jx-park-hulin", "JX-01", "", " ", "测试", "x\0y",
    ];

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (5, Gen.OneOfConst(Codes).Select(Json)),
        (3, Hostile.Text.Select(Json)),
        (2, Hostile.NumberText),
        (2, Gen.OneOfConst("true", "false", "null", "{}", "[]", "\"" + new string('长', 10_001) + "\"")));

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Scalar),
        (2, Scalar.Array[0, 3].Select(values => "[" + string.Join(",", values) + "]")),
        (1, Scalar.Select(v => $$"""{"a":{{v}}}""")));

    private static readonly Gen<string?> Id = Gen.Frequency(
        (4, Gen.Const((string?)null)),
        (2, Gen.Int[0, 1_000_000].Select(n => (string?)Json($"fz-{n}"))),
        (2, Gen.OneOfConst<string?>("\"JX-01\"", "\"jx-park-hulin\"", "12", "-1", "1.5", "\"\"", "{}", "null", "\"a\\u0000b\"", "\"" + new string('i', 101) + "\"")),
        (1, Hostile.Text.Select(t => (string?)Json(t))));

    /// <summary>A layer's reference feature as a GET gives it: its properties (as JSON texts) and its geometry.</summary>
    private sealed record Model(string Collection, IReadOnlyList<(string Name, string Json)> Properties, string Geometry);

    /// <summary>
    /// A body near a valid one, so that most cases get past the structure to the vocabulary, the place and
    /// the database's own checks: the model's members with a few properties replaced, removed or added,
    /// sometimes another geometry or id, and now and then a mutation of the text.
    /// </summary>
    private static Gen<(string Collection, string Body, string? Crs, string ContentType)> Writes(IReadOnlyList<Model> models) =>
        from model in Gen.OneOfConst([.. models])
        from changes in Gen.Select(Gen.OneOfConst(Names), Gen.Frequency((6, Value.Select(v => (string?)v)), (1, Gen.Const((string?)null)))).Array[0, 4]
        from unique in Gen.Int[0, 1_000_000_000]
        from frame in Frame.Any
        from geometry in Gen.Frequency((6, Gen.Const((string?)model.Geometry)), (3, BodyGen.GeoJsonGeometry(frame).Select(g => (string?)g)),
            (1, Gen.OneOfConst<string?>(null, "null", "\"POINT(131 45.3)\"", "[]", "{}")))
        from type in Gen.Frequency((12, Gen.Const((string?)"\"Feature\"")), (1, Gen.OneOfConst<string?>(null, "\"FeatureCollection\"", "5", "null")))
        from id in Id
        from extra in Gen.Frequency((8, Gen.Const("")), (1, Gen.OneOfConst(""",\"crs\":{\"type\":\"name\"}""", ",\"links\":[]", ",\"bbox\":[1,2,3]")))
        let replaced = changes.Select(c => c.Item1).ToHashSet()
        let properties = model.Properties.Where(p => !replaced.Contains(p.Name))
            .Select(p => p.Name == "source_ref" ? (p.Name, Json($"fuzz {unique}")) : p)
            .Concat(changes.Where(c => c.Item2 is not null).DistinctBy(c => c.Item1).Select(c => (c.Item1, c.Item2!)))
            .Select(p => Json(p.Item1) + ":" + p.Item2)
        let members = new[] { ("type", type), ("id", id), ("properties", "{" + string.Join(",", properties) + "}"), ("geometry", geometry) }
            .Where(m => m.Item2 is not null).Select(m => $"\"{m.Item1}\":{m.Item2}")
        let text = "{" + string.Join(",", members) + extra + "}"
        from body in Gen.Frequency((8, Gen.Const(text)), (1, Hostile.Mutated(text)))
        from crs in geometry == model.Geometry ? Gen.Const((string?)null) : Gen.Frequency((8, Gen.Const(frame.CrsUri)), (1, Gen.OneOfConst<string?>("EPSG:4490", "")))
        from contentType in Gen.Frequency((12, Gen.Const("")), (1, Gen.OneOfConst("application/json; charset=utf-8", "text/plain", MergePatch)))
        select (model.Collection, body, crs, contentType);

    private async Task<IReadOnlyList<Model>> ModelsAsync()
    {
        var models = new List<Model>();
        foreach (var collection in FeatureRows.Editable)
        {
            var (feature, _) = await editing.Client.ReadFeatureAsync(collection, await editing.Database.ReferenceIdAsync(FeatureRows.Table(collection)));
            models.Add(new Model(collection, [.. feature["properties"]!.AsObject().Select(p => (p.Key, p.Value?.ToJsonString() ?? "null"))],
                feature["geometry"]!.ToJsonString()));
        }
        return models;
    }

    [Fact]
    public async Task Posted_bodies_are_201_400_409_415_or_422_and_a_refusal_stores_nothing()
    {
        await Writes(await ModelsAsync()).SampleAsync(async write =>
        {
            var (collection, body, crs, contentType) = write;
            await AnswerAndCheckAsync(Request(HttpMethod.Post, $"/collections/{collection}/items", editing.Keys[Role.Admin], body,
                contentType.Length == 0 ? GeoJson : contentType, contentCrs: crs), [201, 400, 409, 415, 422]);
        }, iter: Hostile.Iterations(120), threads: 1, print: Show);
    }

    [Fact]
    public async Task Patches_of_a_feature_with_its_etag_are_200_400_409_415_or_422_and_a_refusal_stores_nothing()
    {
        await Writes(await ModelsAsync()).SampleAsync(async write =>
        {
            var (collection, body, crs, contentType) = write;
            var table = FeatureRows.Table(collection);
            var id = await editing.Database.ReferenceIdAsync(table);
            var version = await editing.Database.ScalarAsync<int>($"SELECT version FROM {table} WHERE id = $1", id);
            await AnswerAndCheckAsync(Request(HttpMethod.Patch, Item(collection, id), editing.Keys[Role.Admin], body,
                contentType.Length == 0 ? MergePatch : contentType, FeatureVersions.ETag(table, id, version), crs), [200, 400, 409, 415, 422]);
        }, iter: Hostile.Iterations(120), threads: 1, print: Show);
    }

    private async Task AnswerAndCheckAsync(HttpRequestMessage request, int[] expected)
    {
        var written = await editing.Database.WrittenRowsAsync();
        var answer = await editing.Client.AnswerAsync(request);
        Assert.True(expected.Contains(answer.Code), answer.ToString());
        if (answer.Code < 400) return;
        AssertProblem(answer, answer.Code);
        if (answer.Code == 422) Assert.NotEmpty(answer.Json.GetProperty("errors").EnumerateArray());
        Assert.True(written == await editing.Database.WrittenRowsAsync(), $"a {answer.Code} wrote rows: {answer}");
    }

    private static string Json(string text) => JsonSerializer.Serialize(text, FuzzJson.Options);

    private static string Show((string Collection, string Body, string? Crs, string ContentType) write) =>
        $"{write.Collection} Content-Type: {write.ContentType} Content-Crs: {write.Crs}\n{Hostile.Show(write.Body)}";
}

using System.Text.Json.Nodes;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// Every caller × editable layer × write: the status, and what the database holds afterwards (the row
/// and its history). Who edits what is taken from the issue (#11), not from role_layers.
/// </summary>
public sealed class RoleMatrixTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    public enum Caller { Anonymous, Viewer, Planner, LandOfficer, Admin }

    public enum Write { Create, Replace, Update, Delete }

    private static readonly string[] PlannerLayers = ["planting-zones", "industrial-parks", "ecological-areas"];
    private static readonly string[] LandOfficerLayers = ["projects", "enterprises"];

    public static TheoryData<Caller, string, Write> Cases()
    {
        var cases = new TheoryData<Caller, string, Write>();
        foreach (var caller in Enum.GetValues<Caller>())
        foreach (var collection in FeatureRows.Editable)
        foreach (var write in Enum.GetValues<Write>())
            cases.Add(caller, collection, write);
        return cases;
    }

    private static int Expected(Caller caller, string collection, Write write) => caller switch
    {
        Caller.Anonymous => 401,
        Caller.Viewer => 403,
        Caller.Planner when !PlannerLayers.Contains(collection) => 403,
        Caller.LandOfficer when !LandOfficerLayers.Contains(collection) => 403,
        _ => write switch { Write.Create => 201, Write.Delete => 204, _ => 200 },
    };

    private EditorKey? KeyOf(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.Viewer => editing.Keys[Role.Viewer],
        Caller.Planner => editing.Keys[Role.Planner],
        Caller.LandOfficer => editing.Keys[Role.LandOfficer],
        _ => editing.Keys[Role.Admin],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_write_succeeds_only_for_the_roles_of_its_layer_and_stores_a_version_only_then(Caller caller, string collection, Write write)
    {
        var table = FeatureRows.Table(collection);
        var id = $"roles-{caller}-{collection}-{write}";
        var key = KeyOf(caller);
        var expected = Expected(caller, collection, write);
        var newName = $"新名称 {id}";

        var answer = await WriteAsync(editing, collection, table, id, key, write, newName);

        Assert.True(answer.Code == expected, $"{caller} {write} {collection}: expected {expected}, got {answer}");
        var row = await editing.Database.AttributesAsync(table, id);
        var history = await editing.Database.HistoryAsync(table, id);
        if (expected >= 400)
        {
            AssertProblem(answer, expected);
            if (expected == 401)
            {
                Assert.Contains("X-API-Key", answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                Assert.Contains("needs credentials", answer.Detail, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(key!.Role.Code(), answer.Json.GetProperty("role").GetString());
                Assert.Contains(collection, answer.Detail, StringComparison.Ordinal);
            }
            if (write == Write.Create) Assert.Null(row);
            else
            {
                Assert.NotNull(row);
                Assert.NotEqual(newName, row.Value.GetProperty("name_zh").GetString());
            }
            // Only the SQL copy's own version, or nothing for a refused create.
            Assert.Equal(write == Write.Create ? [] : ["create"], history.Select(h => h.Operation));
            return;
        }
        var last = history[^1];
        Assert.Equal((key!.Name, key.Role.Code(), key.Id), (last.ChangedBy, last.Role, last.KeyId));
        Assert.Equal(write == Write.Create ? 1 : 2, last.Version);
        Assert.Equal(write.ToString().ToLowerInvariant(), last.Operation);
        if (write == Write.Delete) Assert.Null(row);
        else Assert.Equal(newName, row!.Value.GetProperty("name_zh").GetString());
    }

    private static async Task<Answer> WriteAsync(EditingFixture editing, string collection, string table, string id, EditorKey? key, Write write, string newName)
    {
        var client = editing.Client;
        if (write == Write.Create)
        {
            var (model, _) = await client.ReadFeatureAsync(collection, await editing.Database.ReferenceIdAsync(table));
            model["id"] = id;
            model["properties"]!["name_zh"] = newName;
            if (collection == "projects") model["properties"]!["source_ref"] = $"test {id}";
            return await client.CreateAsync(collection, key, model.ToJsonString());
        }
        await editing.Database.CopyAsync(table, id);
        var (feature, etag) = await client.ReadFeatureAsync(collection, id);
        feature["properties"]!["name_zh"] = newName;
        return write switch
        {
            Write.Replace => await client.ReplaceAsync(collection, id, key, feature.ToJsonString(), etag),
            Write.Update => await client.UpdateAsync(collection, id, key, PatchOf("name_zh", newName), etag),
            _ => await client.DeleteFeatureAsync(collection, id, key, etag),
        };
    }

    [Theory]
    [InlineData(Write.Create)]
    [InlineData(Write.Replace)]
    [InlineData(Write.Update)]
    [InlineData(Write.Delete)]
    public async Task A_revoked_key_is_401_and_writes_nothing(Write write)
    {
        var id = $"roles-revoked-{write}";
        var answer = await WriteAsync(editing, "planting-zones", "planting_zones", id, editing.RevokedKey, write, "已撤销的钥匙");

        AssertProblem(answer, 401);
        Assert.Contains("revoked", answer.Detail, StringComparison.Ordinal);
        Assert.Contains("X-API-Key", answer.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(write == Write.Create ? [] : ["create"], (await editing.Database.HistoryAsync("planting_zones", id)).Select(h => h.Operation));
    }

    public static TheoryData<string, Write> ReferenceLayers() => new()
    {
        { "counties", Write.Create }, { "counties", Write.Replace }, { "counties", Write.Update }, { "counties", Write.Delete },
        { "rivers", Write.Update }, { "rivers", Write.Delete }, { "water-bodies", Write.Replace }, { "borders", Write.Create },
    };

    [Theory]
    [MemberData(nameof(ReferenceLayers))]
    public async Task Reference_layers_are_405_even_for_an_admin_and_stay_as_loaded(string collection, Write write)
    {
        var table = FeatureRows.Table(collection);
        var idColumn = collection == "counties" ? "code" : "id";
        var id = (await editing.Database.IdsAsync($"SELECT {idColumn}::text FROM {table} ORDER BY 1 LIMIT 1")).Single();
        var fingerprint = $"SELECT md5(string_agg(t::text, '|' ORDER BY t.{idColumn})) FROM {table} t";
        var before = await editing.Database.ScalarAsync<string>(fingerprint);
        var admin = editing.Keys[Role.Admin];
        var patch = new JsonObject { ["properties"] = new JsonObject { ["name_zh"] = "改名" } }.ToJsonString();
        var feature = new JsonObject { ["type"] = "Feature", ["id"] = "new", ["properties"] = new JsonObject { ["name_zh"] = "新" }, ["geometry"] = null }.ToJsonString();

        var answer = write switch
        {
            Write.Create => await editing.Client.CreateAsync(collection, admin, feature),
            Write.Replace => await editing.Client.ReplaceAsync(collection, id, admin, feature, "\"1-0000000000\""),
            Write.Update => await editing.Client.UpdateAsync(collection, id, admin, patch, "\"1-0000000000\""),
            _ => await editing.Client.DeleteFeatureAsync(collection, id, admin, "\"1-0000000000\""),
        };

        AssertProblem(answer, 405);
        Assert.Equal(["GET"], answer.Allow);
        Assert.Contains("projects", answer.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await editing.Database.ScalarAsync<string>(fingerprint));
        Assert.Equal(0L, await editing.Database.ScalarAsync<long>("SELECT count(*) FROM feature_history WHERE layer = $1", table));
    }
}

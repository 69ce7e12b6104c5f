using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Editing.EditCalls;

namespace Spatial.Api.Tests.Features.Editing;

/// <summary>
/// Two land officers PATCH the same project with the same ETag at the same moment, 50 times over, through
/// a real Kestrel server (two sockets, both requests sent before either is awaited): each time exactly
/// one wins, the other gets a 412 naming the winner and what the winner changed, and one version is added.
/// </summary>
public sealed class ConcurrentPatchTests(EditingFixture editing) : IClassFixture<EditingFixture>
{
    private const int Rounds = 50;
    private const string Id = "race-project";

    [Fact]
    public async Task Two_patches_with_the_same_etag_give_one_200_and_one_412_naming_the_winner_every_time()
    {
        await editing.Database.CopyAsync("projects", Id);
        var wang = await editing.CreateKeyAsync(Role.LandOfficer, "王明");
        var li = await editing.CreateKeyAsync(Role.LandOfficer, "李华");
        await using var server = RealServer.Start(editing.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        for (var round = 1; round <= Rounds; round++)
        {
            var (_, etag) = await client.ReadFeatureAsync("projects", Id);
            var versionsBefore = (await editing.Database.HistoryAsync("projects", Id)).Count;
            var wangSummary = $"王明的第{round}次修改";
            var liNote = $"李华 round {round}";

            var wangTask = client.AnswerAsync(Request(HttpMethod.Patch, Item("projects", Id), wang, PatchOf("summary_zh", wangSummary), MergePatch, etag));
            var liTask = client.AnswerAsync(Request(HttpMethod.Patch, Item("projects", Id), li, PatchOf("location_note", liNote), MergePatch, etag));
            var answers = await Task.WhenAll(wangTask, liTask);

            var said = $"round {round}: 王明 {answers[0]}\n李华 {answers[1]}";
            Assert.True(answers.Select(a => a.Code).Order().SequenceEqual([200, 412]), said);
            var (winner, loser) = answers[0].Code == 200 ? (answers[0], answers[1]) : (answers[1], answers[0]);
            var (winnerName, winnerProperty, winnerValue) = answers[0].Code == 200 ? ("王明", "summary_zh", wangSummary) : ("李华", "location_note", liNote);
            var (loserProperty, loserValue) = answers[0].Code == 200 ? ("location_note", liNote) : ("summary_zh", wangSummary);

            AssertProblem(loser, 412);
            Assert.Equal(winnerName, loser.Json.GetProperty("changedBy").GetString());
            Assert.Contains(winnerProperty, loser.Json.GetProperty("changedProperties").EnumerateArray().Select(p => p.GetString()));
            Assert.DoesNotContain(loserProperty, loser.Json.GetProperty("changedProperties").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(winner.ETag, loser.Json.GetProperty("currentETag").GetString());
            Assert.Contains(winnerName, loser.Detail, StringComparison.Ordinal);

            var history = await editing.Database.HistoryAsync("projects", Id);
            Assert.True(history.Count == versionsBefore + 1, said);
            Assert.Equal((winnerName, "update"), (history[^1].ChangedBy, history[^1].Operation));
            var row = (await editing.Database.AttributesAsync("projects", Id))!.Value;
            Assert.Equal(winnerValue, row.GetProperty(winnerProperty).GetString());
            Assert.NotEqual(loserValue, row.GetProperty(loserProperty).ValueKind == JsonValueKind.String ? row.GetProperty(loserProperty).GetString() : null);
        }
    }
}

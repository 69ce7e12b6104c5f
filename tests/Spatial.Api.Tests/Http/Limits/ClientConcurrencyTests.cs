using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http.Limits;

public sealed class ClientConcurrencyTests
{
    [Fact]
    public async Task A_client_past_its_footprint_check_limit_gets_429_with_Retry_After_and_the_running_check_completes()
    {
        await using var database = await TestDatabase.CreateWithSchemaAsync();
        await using var app = new SpatialApp(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Spatial:Limits:ExpensivePerClient"] = "1",
            ["Spatial:Limits:ExpensiveQueue"] = "0",
        });
        var client = await app.ReadyClientAsync();
        Task<HttpResponseMessage> running;
        await using (await TableLock.TakeAsync(database, "water_bodies"))
        {
            running = client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), Outlines.GeoJson(Outlines.Square()));
            var until = DateTime.UtcNow.AddSeconds(10);
            while (await Backends.BusyAsync(database, "footprintchecks") == 0 && DateTime.UtcNow < until) await Task.Delay(25);

            using var refused = await client.GetAsync(new Uri("/footprint-checks/projects", UriKind.Relative));
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("already has 1 footprint check(s) running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            using var reads = await client.GetAsync(new Uri("/collections/projects/items?limit=1", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
        }
        using var completed = await running;
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
    }
}

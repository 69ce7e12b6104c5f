using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>The real service, in process, on the given database, with optional settings (e.g. "Spatial:Work:Reads:Deadline").</summary>
public sealed class SpatialApp(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["ConnectionStrings:Spatial"] = connectionString }));
    }

    /// <summary>Polls /health/ready until it answers 200 (start-up migrations run in the background).</summary>
    public async Task<HttpClient> ReadyClientAsync(TimeSpan? timeout = null)
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.IsSuccessStatusCode) return client;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not ready: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }
}

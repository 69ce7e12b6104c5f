using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// A copy of the gisdata database of one test class's own and the service on it, with a short Reads deadline (a
/// statement that waits on a lock fails in 2 s instead of 15) and numberMatched counted only in layers of at most
/// <see cref="CountMatchedUpTo"/> features, so the 65 projects are a large layer and the 13 parks a small one.
/// </summary>
public sealed class ReadPathFixture : IAsyncLifetime
{
    public const int CountMatchedUpTo = 20;

    public TestDatabase Database { get; private set; } = null!;
    public SpatialApp App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        App = new SpatialApp(Database.ConnectionString, new Dictionary<string, string?>
        {
            ["Spatial:Work:Reads:Deadline"] = "00:00:02",
            ["Spatial:Items:CountMatchedUpTo"] = CountMatchedUpTo.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Client = await App.ReadyClientAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

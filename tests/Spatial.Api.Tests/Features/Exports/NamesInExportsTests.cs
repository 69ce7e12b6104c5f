using System.Net;
using System.Xml.Linq;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>
/// A name is data in every file too: quotes (which end an OGR style string), markup and ampersands (XML in KML)
/// come back verbatim. The class changes a name, so it has a copy of gisdata/ of its own.
/// </summary>
public sealed class NamesInExportsTests : IAsyncLifetime
{
    private const string Name = "石墨\"精深\"加工 <b>粗</b> &amp; 'A&B' 项目";
    private TestDatabase Database { get; set; } = null!;
    private SpatialApp App { get; set; } = null!;
    private HttpClient Client { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithGisdataAsync();
        await Database.ScalarAsync<int>("WITH u AS (UPDATE projects SET name_zh = $1 WHERE id = 'JX-01' RETURNING 1) SELECT count(*)::int FROM u", Name);
        App = new SpatialApp(Database.ConnectionString);
        Client = await App.ReadyClientAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    [Fact]
    public async Task A_name_with_quotes_markup_and_ampersands_is_verbatim_in_the_geopackage_the_kml_and_the_dxf_label()
    {
        using var downloads = new Downloads();
        var (gpkgResponse, gpkg) = await Client.DownloadAsync("/collections/projects/items?f=gpkg&sector=biomedicine", downloads, "p.gpkg");
        var (kmlResponse, kml) = await Client.DownloadAsync("/collections/projects/items?f=kml&sector=biomedicine", downloads, "p.kml");
        var (dxfResponse, dxf) = await Client.DownloadAsync("/collections/projects/items?f=dxf&sector=biomedicine", downloads, "p.dxf");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { gpkgResponse.StatusCode, kmlResponse.StatusCode, dxfResponse.StatusCode });
        Assert.Equal(Name, (await ExportCalls.ReadWithGdalAsync(gpkg)).Single(f => f.Id == "JX-01").Text("name_zh"));
        XNamespace ns = "http://www.opengis.net/kml/2.2";
        Assert.Contains(Name, XDocument.Load(kml).Descendants(ns + "name").Select(n => n.Value));
        Assert.Contains("JX-01 " + Name, (await ExportCalls.ReadWithGdalAsync(dxf)).Select(e => e.Text("Text")));
    }
}

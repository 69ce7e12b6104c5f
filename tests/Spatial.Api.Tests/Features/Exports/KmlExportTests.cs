using System.Net;
using System.Xml.Linq;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>/items?f=kml: placemarks named in Chinese, coordinates CRS84, read as XML and by GDAL.</summary>
[Collection(ApiTests.Name)]
public sealed class KmlExportTests(ApiFixture api)
{
    private static readonly XNamespace Kml = "http://www.opengis.net/kml/2.2";

    [Fact]
    public async Task A_kml_names_every_placemark_by_its_chinese_name_verbatim_and_its_coordinates_are_crs84()
    {
        using var downloads = new Downloads();
        var (response, path) = await api.Client.DownloadAsync("/collections/industrial-parks/items?f=kml", downloads, "parks.kml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.google-earth.kml+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.ContentCrs());
        var placemarks = XDocument.Load(path).Descendants(Kml + "Placemark").ToList();
        var truth = await api.Database.RowsAsync("SELECT id, name_zh, sectors FROM industrial_parks ORDER BY id",
            r => (Id: r.GetString(0), Name: r.GetString(1), Sectors: string.Join('|', r.GetFieldValue<string[]>(2))));
        Assert.Equal(13, truth.Count);
        Assert.Equal(truth.Select(t => t.Name).Order(StringComparer.Ordinal),
            placemarks.Select(p => p.Element(Kml + "name")!.Value).Order(StringComparer.Ordinal));
        Assert.Contains(truth, t => t.Name.Any(c => c > 0x4E00));

        var features = (await ExportCalls.ReadWithGdalAsync(path)).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(truth.Select(t => (t.Id, t.Name)), features.Select(f => (f.Id, f.Text("Name")!)));
        Assert.Equal(truth.Select(t => t.Sectors), features.Select(f => string.Join('|', f.Strings("sectors"))));
        var (farthest, matched) = await api.Database.FarthestFromDatabaseAsync("industrial_parks", 4490, features);
        Assert.Equal(13, matched);
        Assert.InRange(farthest, 0, 1e-9);
    }
}

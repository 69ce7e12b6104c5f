using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>
/// HEAD on an export file: the headers its GET sends before the file (type, name, CRS), without making the file. A
/// stand-in for ogr2ogr notes each run, so a HEAD that made the file would be seen.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ExportHeadTests(ApiFixture api)
{
    private static string Converter(Downloads folder, string runs)
    {
        var script = folder.File("ogr2ogr");
        File.WriteAllText(script, $"#!/bin/sh\necho run >> '{runs}'\nexec ogr2ogr \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    [Theory]
    [InlineData("gpkg", "application/geopackage+sqlite3", "projects.gpkg", "<http://www.opengis.net/def/crs/EPSG/0/4490>")]
    [InlineData("shp", "application/zip", "projects.shp.zip", "<http://www.opengis.net/def/crs/EPSG/0/4490>")]
    [InlineData("kml", "application/vnd.google-earth.kml+xml", "projects.kml", "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>")]
    [InlineData("dxf&crs=http://www.opengis.net/def/crs/EPSG/0/4532", "image/vnd.dxf", "projects.dxf", "<http://www.opengis.net/def/crs/EPSG/0/4532>")]
    [InlineData("dxf", "image/vnd.dxf", "projects.dxf", null)]
    public async Task HEAD_on_an_export_sends_the_type_name_and_CRS_of_the_file_without_making_it(string format, string type, string name, string? crs)
    {
        using var folder = new Downloads();
        var runs = folder.File("runs");
        var work = Directory.CreateDirectory(folder.File("work")).FullName;
        await using var server = RealServer.Start(api.Database.ConnectionString,
            new Dictionary<string, string?> { ["Spatial:Exports:Ogr2ogr"] = Converter(folder, runs), ["Spatial:Exports:TempDirectory"] = work });
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var url = new Uri($"/collections/projects/items?f={format}", UriKind.Relative);

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.False(File.Exists(runs), "HEAD ran ogr2ogr");
        Assert.Empty(Directory.GetFileSystemEntries(work));
        Assert.Null(head.Content.Headers.ContentLength);
        Assert.Equal(type, head.Content.Headers.ContentType?.ToString());
        Assert.Equal(name, head.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(crs, Header(head, "Content-Crs"));

        using var get = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(File.Exists(runs), "GET ran ogr2ogr");
        Assert.Equal(Header(head, "Content-Type"), Header(get, "Content-Type"));
        Assert.Equal(Header(head, "Content-Disposition"), Header(get, "Content-Disposition"));
        if (crs is not null) Assert.Equal(crs, Header(get, "Content-Crs"));
        else Assert.StartsWith("<http://www.opengis.net/def/crs/EPSG/0/45", Header(get, "Content-Crs"));
    }

    [Fact]
    public async Task HEAD_on_an_export_with_a_bad_parameter_is_the_400_its_GET_is()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/collections/projects/items?f=shp&encoding=latin1"));

        Assert.Equal(HttpStatusCode.BadRequest, head.StatusCode);
        Assert.Equal("application/problem+json", head.Content.Headers.ContentType?.MediaType);
    }
}

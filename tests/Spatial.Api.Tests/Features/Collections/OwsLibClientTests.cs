using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// OWSLib 0.27 (Debian python3-owslib, run by Debian's /usr/bin/python3: pyenv's python3 does not see Debian's
/// packages) reads the service over a real socket, and what it got is compared with the database.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class OwsLibClientTests(ApiFixture api)
{
    private const string Python = "/usr/bin/python3";

    // Each call as OWSLib's documentation shows it; the script prints what OWSLib returned, the test judges it.
    private const string Script = """
        import json, sys
        try:
            from owslib.ogcapi.features import Features
            import owslib, requests
        except ImportError as e:
            sys.exit(f"OWSLib is not importable ({e}): install Debian's python3-owslib (scripts/test does, as root)")
        url = sys.argv[1]
        w = Features(url)
        ids = lambda page: [f["id"] for f in page["features"]]
        out = {"version": owslib.__version__, "landing_rels": sorted({l["rel"] for l in w.links})}
        out["conforms_to"] = w.conformance()["conformsTo"]
        out["collections"] = w.feature_collections()
        out["queryables"] = sorted(w.collection_queryables("projects")["properties"])
        out["bbox"] = ids(w.collection_items("projects", bbox=[131.5, 45.0, 133.2, 45.9], limit=1000))
        out["offset"] = ids(w.collection_items("projects", limit=10, offset=20))
        out["filter"] = ids(w.collection_items("projects", filter="sector='bio_energy'", limit=1000))
        out["cql_text"] = ids(w.collection_items("projects", **{"filter": "county_code='230382'", "filter-lang": "cql-text", "limit": 1000}))
        out["cql_json"] = ids(w.collection_items("projects", limit=1000, cql={"op": "=", "args": [{"property": "sector"}, "bio_energy"]}))
        out["cql_json_url"] = w.request
        page = w.collection_items("projects", limit=20, offset=5)
        paged, pages = ids(page), 1
        while (nxt := next((l["href"] for l in page["links"] if l["rel"] == "next"), None)) is not None:
            page = requests.get(nxt, timeout=30).json()
            paged += ids(page)
            pages += 1
        out["paged"], out["pages"] = paged, pages
        print(json.dumps(out))
        """;

    [Fact]
    public async Task Owslib_reads_landing_conformance_collections_queryables_and_items_with_bbox_offset_filters_and_next_links()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install Debian's python3 and python3-owslib (scripts/test does, as root)");
        await using var server = RealServer.Start(api.Database.ConnectionString);
        var printed = await ExternalTool.RunAsync(Python, "-c", Script, server.Url + "/");
        var got = JsonDocument.Parse(printed).RootElement;
        List<string> Ids(string name) => got.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.StartsWith("0.27", got.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Contains("conformance", Ids("landing_rels"));
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", Ids("conforms_to"));
        Assert.Equal(["counties", "water-bodies", "rivers", "borders", "ecological-areas", "planting-zones", "industrial-parks", "projects", "enterprises"],
            Ids("collections"));
        Assert.Contains("sector", Ids("queryables"));
        Assert.Contains("county_code", Ids("queryables"));

        var all = await api.Database.IdsAsync("SELECT id FROM projects ORDER BY id");
        var inBox = await api.Database.IdsAsync(
            "SELECT id FROM projects WHERE ST_Intersects(geom, ST_MakeEnvelope(131.5, 45.0, 133.2, 45.9, 4490)) ORDER BY id");
        var bioEnergy = await api.Database.IdsAsync("SELECT id FROM projects WHERE sector = 'bio_energy' ORDER BY id");
        var inMishan = await api.Database.IdsAsync("SELECT id FROM projects WHERE county_code = '230382' ORDER BY id");
        Assert.NotEmpty(inBox);
        Assert.NotEmpty(bioEnergy);
        Assert.NotEmpty(inMishan);
        Assert.Equal(inBox, Ids("bbox"));
        Assert.Equal(all.Skip(20).Take(10), Ids("offset"));
        Assert.Equal(bioEnergy, Ids("filter"));
        Assert.Equal(inMishan, Ids("cql_text"));
        // OWSLib POSTs cql= as a JSON body; it followed the 303 to the GET that carries the filter.
        Assert.Equal(bioEnergy, Ids("cql_json"));
        Assert.Contains("filter-lang=cql2-json", got.GetProperty("cql_json_url").GetString(), StringComparison.Ordinal);
        // offset=5 starts the walk; every next link goes on by cursor from there, no row twice, none left out.
        Assert.Equal(all.Skip(5), Ids("paged"));
        Assert.Equal((all.Count - 5 + 19) / 20, got.GetProperty("pages").GetInt32());
    }
}

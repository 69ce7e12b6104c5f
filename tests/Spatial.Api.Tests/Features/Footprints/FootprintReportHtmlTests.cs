using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Api.Tests.Features.Footprints.FootprintCalls;

namespace Spatial.Api.Tests.Features.Footprints;

/// <summary>The printed footprint report (<c>f=html</c>): header, one page per parcel with its SVG map and 界址点 table, both languages, text only.</summary>
[Collection(ApiTests.Name)]
public sealed class FootprintReportHtmlTests(ApiFixture api)
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    private async Task<(HttpResponseMessage Response, string Html)> PrintAsync(HttpContent content, string query = "")
    {
        var response = await api.Client.PostAsync(new Uri("/footprint-checks?f=html" + query, UriKind.Relative), content);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (response, html);
    }

    private static MultipartFormDataContent Form(string text, string fileName, string type = "text/plain")
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        var form = new MultipartFormDataContent();
        form.Add(file, "file", fileName);
        return form;
    }

    private static StringContent Txt(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("text/plain"));

    private static string Section(string html, int parcel) =>
        Regex.Match(html, $"<section class=\"parcel\" id=\"parcel-{parcel}\">(.*?)</section>", RegexOptions.Singleline) is { Success: true } m
            ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"no section for parcel {parcel}");

    private static string[] PointRows(string section) =>
        Regex.Matches(section, "<tr class=\"point\">(.*?)</tr>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();

    private static string[] Cells(string row) =>
        Regex.Matches(row, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public async Task The_worked_example_has_a_point_table_row_for_every_point_line_with_x_y_and_the_edge_to_the_next()
    {
        var (_, html) = await PrintAsync(Txt(Example));
        var first = PointRows(Section(html, 1));
        var second = PointRows(Section(html, 2));

        Assert.Equal(12, first.Length);
        Assert.Equal(5, second.Length);
        Assert.Equal(["J1", "1", "5018412.356", "44418968.214", Math.Sqrt(3.546 * 3.546 + 218.316 * 218.316).ToString("0.00", CultureInfo.InvariantCulture)],
            Cells(first[0]));
        Assert.Equal(["J1", "1", "5018412.356", "44418968.214", "无 / none"], Cells(first[6])); // the ring's closing repeat: no next point
        Assert.Equal(["J7", "2", "5018330.120", "44419080.450"], Cells(first[7])[..4]);
        // Only each ring's closing repeat has no edge: rows 7 and 12 of parcel 1, row 5 of parcel 2.
        Assert.Equal([6, 11], first.Select((row, i) => (Cells(row)[4], i)).Where(c => c.Item1 == "无 / none").Select(c => c.i));
        Assert.Equal([4], second.Select((row, i) => (Cells(row)[4], i)).Where(c => c.Item1 == "无 / none").Select(c => c.i));
        Assert.Contains("53418.81 m² = 5.3419 公顷 = 80.13 亩", Section(html, 1), StringComparison.Ordinal);
        Assert.Contains("5648.16 m² = 0.5648 公顷 = 8.47 亩", Section(html, 2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_has_the_time_in_shanghai_the_file_name_the_crs_by_name_and_each_parcels_number_and_use()
    {
        var before = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var (_, html) = await PrintAsync(Form(Example, "鸡西 物流园.txt"));
        var after = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var header = Regex.Match(html, "<header>(.*?)</header>", RegexOptions.Singleline).Groups[1].Value;

        var stamp = Regex.Match(header, @"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \(Asia/Shanghai 北京时间\)");
        Assert.True(stamp.Success, header);
        var at = DateTimeOffset.ParseExact(stamp.Groups[1].Value + " +08:00", "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Contains("<td>鸡西 物流园.txt</td>", header, StringComparison.Ordinal);
        Assert.Contains("<td>CGCS2000 / 3-degree Gauss-Kruger zone 44 (EPSG:4532)</td>", header, StringComparison.Ordinal);
        Assert.Contains("<td>JX2025-001-1</td><td>地块1</td><td>物流仓储用地</td>", header, StringComparison.Ordinal);
        Assert.Contains("<td>JX2025-001-2</td><td>地块2</td><td>物流仓储用地</td>", header, StringComparison.Ordinal);
        Assert.Contains("<td>L52G065080</td>", header, StringComparison.Ordinal);
        Assert.Contains("@page{size:A4", html, StringComparison.Ordinal);
        Assert.Contains("section.parcel{break-before:page", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_parcel_has_an_svg_map_with_its_point_numbers_a_north_arrow_and_a_round_scale_bar()
    {
        var (_, html) = await PrintAsync(Txt(Example));

        foreach (var (parcel, points) in new[] { (1, new[] { "J1", "J6", "J7", "J10" }), (2, new[] { "J1", "J4" }) })
        {
            var svg = Regex.Match(Section(html, parcel), "<svg class=\"parcel-map\".*?</svg>", RegexOptions.Singleline).Value;
            Assert.Contains("class=\"north-arrow\"", svg, StringComparison.Ordinal);
            Assert.Contains(">N 北</text>", svg, StringComparison.Ordinal);
            Assert.Matches(@"class=""scale-bar"".*>(1|2|5)0* (m|km)</text>", svg);
            Assert.Contains("class=\"outline\"", svg, StringComparison.Ordinal);
            Assert.Equal(points.Length == 4 ? 10 : 4, Regex.Count(svg, "class=\"point-label\"[^>]*>J\\d+</text>")); // each point once, not its closing repeat
            foreach (var point in points) Assert.Matches($">{point}</text>", svg);
        }
    }

    [Fact]
    public async Task An_overlap_is_hatched_in_red_and_its_neighbour_outlined_and_labelled_with_severities_in_both_languages()
    {
        var (name, disc) = (await api.Database.RowsAsync($"""
            SELECT e.name_zh, ST_AsGeoJSON({Disc(FirstVertex("e.geom"), "100")}, 9)
            FROM ecological_areas e WHERE e.geometry_source <> 'indicative' ORDER BY e.id LIMIT 1
            """, r => (r.GetString(0), r.GetString(1)))).Single();
        var report = await api.CheckAsync(disc);
        var (_, html) = await PrintAsync(Outlines.GeoJson(disc));
        var svg = Regex.Match(Section(html, 1), "<svg class=\"parcel-map\".*?</svg>", RegexOptions.Singleline).Value;

        Assert.Matches("<path class=\"overlap\" d=\"M[^\"]+\" fill=\"url\\(#hatch-1\\)\"", svg);
        // One hatched path per overlap the JSON reports (the parcel's own outline is none), drawn in the parcel's plane
        // whatever CRS the answer's geometries are asked in.
        var overlaps = Regex.Matches(svg, "<path class=\"overlap\" d=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(report.GetProperty("overlaps").GetProperty("features").GetArrayLength(), overlaps.Count);
        using var latLon = Outlines.GeoJson(disc);
        latLon.Headers.Add("Content-Crs", "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
        var (_, html4490) = await PrintAsync(latLon, "&crs=http://www.opengis.net/def/crs/EPSG/0/4490");
        var svg4490 = Regex.Match(Section(html4490, 1), "<svg class=\"parcel-map\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(overlaps, Regex.Matches(svg4490, "<path class=\"overlap\" d=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("<pattern id=\"hatch-1\"", svg, StringComparison.Ordinal);
        Assert.Contains("class=\"neighbour ecological\"", svg, StringComparison.Ordinal);
        Assert.Matches($"class=\"neighbour-label\"[^>]*>{Regex.Escape(name)}</text>", svg);
        var reasons = report.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Contains(reasons, r => r.GetProperty("severity").GetString() == "fail");
        foreach (var r in reasons)
        {
            var label = r.GetProperty("severity").GetString() switch
            {
                "fail" => "严重 <span class=\"en\">serious</span>",
                "warn" => "注意 <span class=\"en\">warning</span>",
                _ => "提示 <span class=\"en\">note</span>",
            };
            Assert.Contains($"<td>{r.GetProperty("code").GetString()}</td><td class=\"{r.GetProperty("severity").GetString()}\">{label}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task In_english_the_page_says_so_and_puts_english_first_and_a_file_without_fields_shows_none()
    {
        var disc = (await api.Database.RowsAsync($"""
            SELECT ST_AsGeoJSON({Disc("ST_PointOnSurface(z.geom)", "50")}, 9) FROM planting_zones z ORDER BY z.id LIMIT 1
            """, r => r.GetString(0))).Single();
        var (_, english) = await PrintAsync(Outlines.GeoJson(disc), "&lang=en");
        var (_, chinese) = await PrintAsync(Outlines.GeoJson(disc));

        Assert.StartsWith("<!doctype html><html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("<h1>Footprint check report <span class=\"zh\">用地核查报告</span></h1>", english, StringComparison.Ordinal);
        Assert.Contains("Boundary points <span class=\"zh\">界址点坐标表</span>", english, StringComparison.Ordinal);
        Assert.Contains("<td class=\"none\">none / 无</td>", english, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html><html lang=\"zh-CN\">", chinese, StringComparison.Ordinal);
        Assert.Contains("<h1>用地核查报告 <span class=\"en\">Footprint check report</span></h1>", chinese, StringComparison.Ordinal);
        // A GeoJSON parcel has no number, use, class or sheet, and no file name was sent.
        var parcels = Regex.Match(chinese, "<table class=\"parcels\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(4, Regex.Count(parcels, "<td class=\"none\">无 / none</td>"));
        Assert.Matches("文件 <span class=\"en\">File</span></th><td class=\"none\">无 / none</td>", chinese);
        // The vertices of an outline without names are numbered J1…, and its CRS is the plane it is measured in.
        Assert.Equal("J1", Cells(PointRows(Section(chinese, 1))[0])[0]);
        Assert.Contains("CGCS2000 / 3-degree Gauss-Kruger CM ", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_names_from_the_file_are_shown_as_text_and_the_page_keeps_its_policy()
    {
        const string script = "<script>alert(1)</script>";
        const string image = "\"><img src=x onerror=alert(2)>";
        var hostile = Example.Replace("JX2025-001-1,地块1,面,L52G065080,物流仓储用地", $"{image},{script},面,<b>sheet</b>,<i>用途</i>", StringComparison.Ordinal);
        var (response, html) = await PrintAsync(Form(hostile, "<svg onload=alert(3)>.txt"));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;用途&lt;/i&gt;", html, StringComparison.Ordinal);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Matches("style-src 'self' 'sha256-[A-Za-z0-9+/=]+';", policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bidirectional_controls_in_names_are_shown_as_their_code_points_and_reorder_nothing()
    {
        // U+202E (right-to-left override) would show "地块1 gpj.exe" as "地块1 exe.jpg"; U+2067 opens an isolate never closed.
        var named = Example.Replace("JX2025-001-1,地块1,", "JX2025-001-1,地块\u202E1 gpj.exe\u2067,", StringComparison.Ordinal);
        // An ALM (a mark, not a control) before digits and a hyphen shows "12-34" as "34-12".
        var (_, html) = await PrintAsync(Form(named, "图\u202Atxt\u061C12-34\u200F.txt"));

        foreach (var control in "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C")
        {
            Assert.DoesNotContain(control.ToString(), html, StringComparison.Ordinal);
            Assert.DoesNotContain($"&#x{(int)control:X};", html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("地块[U+202E]1 gpj.exe[U+2067]", html, StringComparison.Ordinal);
        Assert.Contains("图[U+202A]txt[U+061C]12-34[U+200F].txt", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_body_names_its_file_with_content_disposition_and_a_stored_projects_check_prints_too()
    {
        using var raw = Txt(Example);
        raw.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = "绥芬河 红线.txt" };
        var (_, named) = await PrintAsync(raw);
        var project = await api.Database.ScalarAsync<string>("SELECT id FROM projects WHERE geom IS NOT NULL ORDER BY id LIMIT 1");
        using var stored = await api.Client.GetAsync(new Uri($"/collections/projects/items/{project}/footprint-check?f=html&lang=en", UriKind.Relative));
        var html = await stored.Content.ReadAsStringAsync();

        Assert.Contains("<td>绥芬河 红线.txt</td>", named, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.StartsWith("<!doctype html><html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"parcel-map\"", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"point\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multipart/form-data", 400, "body: multipart/form-data without a boundary")]
    [InlineData("multipart/form-data; boundary=\"x\"", 400, "body: not a readable multipart/form-data form")]
    public async Task An_unreadable_form_is_a_problem_naming_the_body(string contentType, int status, string detail)
    {
        using var content = new ByteArrayContent("--y\r\nnot a part"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await api.Client.PostAsync(new Uri("/footprint-checks?f=html", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_with_two_file_parts_is_a_problem_naming_the_part_not_a_check_of_the_first()
    {
        using var form = Form(Outlines.Square(132.44, 45.09, 0.02), "a.geojson", "application/geo+json");
        form.Add(new StringContent("x"), "note");
        var second = new ByteArrayContent(Encoding.UTF8.GetBytes(Outlines.Square(131.0, 45.3, 0.02)));
        second.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(second, "file", "b.geojson");

        using var response = await api.Client.PostAsync(new Uri("/footprint-checks", UriKind.Relative), form);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("file", problem.GetProperty("parameter").GetString());
        Assert.Equal("file: the form has a second part named 'file' (parts 1 and 3); send one file per request", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_form_without_a_file_part_and_a_file_of_an_unknown_kind_are_problems_naming_the_file()
    {
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        using var noFile = await api.Client.PostAsync(new Uri("/footprint-checks?f=html", UriKind.Relative), empty);
        using var shapefile = await api.Client.PostAsync(new Uri("/footprint-checks?f=html", UriKind.Relative), Form("PK", "地块.zip", "application/zip"));

        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("file: the form has no part named 'file'", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, shapefile.StatusCode);
        Assert.Equal("application/problem+json", shapefile.Content.Headers.ContentType?.MediaType);
        Assert.Contains("file: '地块.zip' (application/zip) is not read here", await shapefile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

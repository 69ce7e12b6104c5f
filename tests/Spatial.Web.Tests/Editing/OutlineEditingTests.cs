using Microsoft.Playwright;
using static Spatial.Web.Tests.Editing.EditorPage;

namespace Spatial.Web.Tests.Editing;

/// <summary>
/// Outlines changed on the map with Geoman are stored as drawn: a drag moves the stored geometry by the
/// distance the mouse went (Web Mercator at the map's zoom gives the expected degrees), a vertex dragged
/// outwards grows it, a surveyed TXT replaces it with its own coordinates (a failing one only with a
/// reason), and a deleted feature leaves the map and the table.
/// </summary>
[Collection(WebTests.Name)]
public sealed class OutlineEditingTests(WebFixture web, EditingFixture editing) : IClassFixture<EditingFixture>
{
    private const int Zoom = 14;

    /// <summary>Degrees of longitude per screen pixel at the zoom of <see cref="EditingFixture.MapAt"/> (256-pixel tiles).</summary>
    private static readonly double DegreesPerPixel = 360.0 / (256 * Math.Pow(2, Zoom));

    private const string StoredBox = """
        SELECT ST_XMin(geom) || ' ' || ST_YMin(geom) || ' ' || ST_XMax(geom) || ' ' || ST_YMax(geom) || ' ' || ST_Area(geom::geography)
        FROM projects WHERE id = $1
        """;

    private async Task<double[]> BoxAsync(string id) =>
        (await editing.Database.ScalarAsync<string>(StoredBox, id)).Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    // On Gaode's tiles the outline is drawn shifted to GCJ-02; the drag must be shifted back before it is
    // stored, or the outline would also move ≈ 600 m by the offset.
    [Theory]
    [InlineData("none", 8)]
    [InlineData("gaode", 7)]
    public async Task An_outline_dragged_120_pixels_east_is_stored_that_far_east(string basemap, int n)
    {
        var id = $"ED-{n}";
        var before = await BoxAsync(id);
        var (page, errors) = await web.NewPageAsync();
        await page.RouteAsync("**/appmaptile**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BasemapTests.BlankPng }));
        await page.GotoAsync(editing.MapAt(n) + $"&basemap={basemap}");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, n);
        await page.ClickAsync("#move-outline");
        var box = (await page.Locator("path.editing-outline").BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        for (var step = 1; step <= 12; step++) await page.Mouse.MoveAsync((float)(x + 10 * step), (float)y);
        await page.Mouse.UpAsync();
        await WebFixture.ScreenshotAsync(page, $"edit-outline-moved-{basemap}");
        await page.ClickAsync("#save-outline");
        await page.WaitForSelectorAsync("#edit-message .edit-done");

        var after = await BoxAsync(id);
        var shift = 120 * DegreesPerPixel;
        var pixel = DegreesPerPixel * 1.5;
        Assert.InRange(after[0] - before[0], shift - pixel, shift + pixel);
        Assert.InRange(after[2] - before[2], shift - pixel, shift + pixel);
        Assert.InRange(after[1] - before[1], -pixel, pixel);
        Assert.InRange(after[3] - before[3], -pixel, pixel);
        Assert.InRange(after[4] / before[4], 0.999, 1.001);
        Assert.Equal(1, await page.Locator($"path.feature-projects-{id}").CountAsync());
        Assert.Equal(0, await page.Locator("path.editing-outline").CountAsync());
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_corner_dragged_outwards_grows_the_stored_outline_and_leaves_the_other_corners()
    {
        var before = await BoxAsync("ED-9");
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(9));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 9);
        await page.ClickAsync("#edit-vertices");
        var outline = (await page.Locator("path.editing-outline").BoundingBoxAsync())!;
        // The north-east corner's vertex marker is the one nearest the top right of the outline.
        var corners = await page.Locator(".marker-icon:not(.marker-icon-middle)").AllAsync();
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var corner in corners) boxes.Add((await corner.BoundingBoxAsync())!);
        var northEast = boxes.OrderBy(b => Math.Pow(b.X + b.Width / 2 - (outline.X + outline.Width), 2) + Math.Pow(b.Y + b.Height / 2 - outline.Y, 2)).First();
        var (x, y) = (northEast.X + northEast.Width / 2, northEast.Y + northEast.Height / 2);
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        for (var step = 1; step <= 8; step++) await page.Mouse.MoveAsync((float)(x + 5 * step), (float)y);
        await page.Mouse.UpAsync();
        await page.ClickAsync("#save-outline");
        await page.WaitForSelectorAsync("#edit-message .edit-done");

        var after = await BoxAsync("ED-9");
        var pixel = DegreesPerPixel * 1.5;
        var vertices = await editing.Database.ScalarAsync<int>("SELECT ST_NPoints(geom) FROM projects WHERE id = 'ED-9'");
        Assert.InRange(after[2] - before[2], 40 * DegreesPerPixel - pixel, 40 * DegreesPerPixel + pixel);
        Assert.InRange(after[0] - before[0], -pixel, pixel);
        Assert.InRange(after[1] - before[1], -pixel, pixel);
        Assert.InRange(after[3] - before[3], -pixel, pixel);
        Assert.True(after[4] > before[4] * 1.05, $"area {after[4]} m² should exceed {before[4]} m² by the corner's triangle");
        Assert.Equal(5, vertices);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task An_outline_drawn_anew_is_stored_where_it_was_clicked()
    {
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(3));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 3);
        await page.ClickAsync("#redraw-outline");
        // The popup that offered 编辑 may have panned the map: draw around the centre it settled on.
        var (centreLon, centreLat) = await SettledCentreAsync(page);
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var (cx, cy) = (map.X + map.Width / 2, map.Y + map.Height / 2);
        foreach (var (dx, dy) in new[] { (-60, -40), (60, -40), (60, 40), (-60, 40), (-60, -40) })
        {
            await page.Mouse.ClickAsync((float)(cx + dx), (float)(cy + dy));
            await page.WaitForTimeoutAsync(150);
        }
        await page.ClickAsync("#save-outline");
        await page.WaitForSelectorAsync("#edit-message .edit-done");

        // On Web Mercator a pixel north spans cos(latitude) of a pixel east.
        var box = await BoxAsync("ED-3");
        var pixel = DegreesPerPixel * 1.5;
        var north = 40 * DegreesPerPixel * Math.Cos(centreLat * Math.PI / 180);
        Assert.InRange(box[0], centreLon - 60 * DegreesPerPixel - pixel, centreLon - 60 * DegreesPerPixel + pixel);
        Assert.InRange(box[2], centreLon + 60 * DegreesPerPixel - pixel, centreLon + 60 * DegreesPerPixel + pixel);
        Assert.InRange(box[1], centreLat - north - pixel, centreLat - north + pixel);
        Assert.InRange(box[3], centreLat + north - pixel, centreLat + north + pixel);
        Assert.Equal(5, await editing.Database.ScalarAsync<int>("SELECT ST_NPoints(geom) FROM projects WHERE id = 'ED-3'"));
        Assert.Empty(Unexpected(errors));
    }

    private const string StoredSurvey = """
        SELECT ST_XMin(geom) || ' ' || ST_YMin(geom) || ' ' || ST_XMax(geom) || ' ' || ST_YMax(geom) || ' ' || geometry_source
        FROM projects WHERE id = $1
        """;

    [Fact]
    public async Task A_surveyed_TXT_replaces_the_outline_with_its_coordinates_and_the_verdict_is_shown()
    {
        var (west, south, east, north) = (EditingFixture.West(4) + 0.004, 43.995, EditingFixture.West(4) + 0.012, 44.003);
        var txt = await SurveyedTxt.BoxAsync(editing.Database, west, south, east, north);
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(4));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 4);
        await page.SetInputFilesAsync("#outline-file", new FilePayload { Name = "地块.txt", MimeType = "text/plain", Buffer = txt });
        await page.WaitForSelectorAsync("#edit-message .edit-done");
        var message = await page.Locator("#edit-message").TextContentAsync();
        await WebFixture.ScreenshotAsync(page, "edit-outline-from-txt");

        var stored = (await editing.Database.ScalarAsync<string>(StoredSurvey, "ED-4")).Split(' ');
        var verdict = await editing.Database.ScalarAsync<string>(
            "SELECT footprint_verdict FROM feature_history WHERE layer = 'projects' AND feature_id = 'ED-4' ORDER BY version DESC LIMIT 1");
        var box = stored[..4].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // A millimetre, the file's precision, is about 1e-8°.
        Assert.Equal([west, south, east, north], box, (a, b) => Math.Abs(a - b) < 1e-7);
        Assert.Equal("surveyed", stored[4]);
        Assert.Contains($"结论: {Verdicts[verdict]}", message, StringComparison.Ordinal);
        Assert.Empty(Unexpected(errors));
    }

    private static readonly Dictionary<string, string> Verdicts = new() { ["pass"] = "通过", ["warn"] = "注意", ["fail"] = "不通过" };

    [Fact]
    public async Task A_TXT_failing_the_footprint_check_is_saved_only_with_a_reason_after_its_report_is_shown()
    {
        // ED-6 surveyed: a parcel over it is a real conflict, so the check fails.
        await editing.Database.ScalarAsync<int>("UPDATE projects SET geometry_source = 'surveyed' WHERE id = 'ED-6' RETURNING 1");
        var txt = await SurveyedTxt.BoxAsync(editing.Database, EditingFixture.West(6) + 0.005, 43.995, EditingFixture.West(6) + 0.015, 44.005);
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(5));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 5);
        await page.SetInputFilesAsync("#outline-file", new FilePayload { Name = "地块.txt", MimeType = "text/plain", Buffer = txt });
        await page.WaitForSelectorAsync("#footprint-refusal");
        var refusal = await page.Locator("#footprint-refusal").TextContentAsync();
        var unchanged = (await editing.Database.ScalarAsync<string>(StoredSurvey, "ED-5")).Split(' ')[4];
        await page.ClickAsync("#override-outline");
        var refusedWithoutReason = await page.GetAttributeAsync("#override-hint", "class");
        await WebFixture.ScreenshotAsync(page, "edit-outline-txt-fails");
        await page.FillAsync("#change-reason", "经现场核实，与ED-6共用地块");
        await page.ClickAsync("#override-outline");
        await page.WaitForSelectorAsync("#edit-message .edit-done");

        var saved = await editing.Database.ScalarAsync<string>(
            "SELECT footprint_verdict || ' ' || reason FROM feature_history WHERE layer = 'projects' AND feature_id = 'ED-5' ORDER BY version DESC LIMIT 1");
        Assert.Contains("PROJECT_OVERLAP", refusal, StringComparison.Ordinal);
        Assert.Contains("与项目“编辑测试项目6”重叠", refusal, StringComparison.Ordinal);
        Assert.Contains("不通过", refusal, StringComparison.Ordinal);
        Assert.Equal("indicative", unchanged);
        Assert.Equal("sev-fail", refusedWithoutReason);
        Assert.Equal("fail 经现场核实，与ED-6共用地块", saved);
        Assert.Equal("surveyed", (await editing.Database.ScalarAsync<string>(StoredSurvey, "ED-5")).Split(' ')[4]);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_feature_deleted_after_confirming_leaves_the_table_and_the_map()
    {
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(2));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 2);
        var confirmShownAtFirst = await page.Locator("#delete-confirm").IsVisibleAsync();
        await page.ClickAsync("#delete-feature");
        var askedFirst = await page.Locator("#delete-confirm").IsVisibleAsync();
        var stillThere = await editing.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id = 'ED-2'");
        await page.ClickAsync("#confirm-delete");
        await page.WaitForSelectorAsync("#edit-message .edit-done");

        var remaining = await editing.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id = 'ED-2'");
        var recorded = await editing.Database.ScalarAsync<string>(
            "SELECT operation || ' ' || changed_by FROM feature_history WHERE layer = 'projects' AND feature_id = 'ED-2' ORDER BY version DESC LIMIT 1");

        Assert.False(confirmShownAtFirst);
        Assert.True(askedFirst);
        Assert.Equal(1, stillThere);
        Assert.Equal(0, remaining);
        Assert.Equal($"delete {EditingFixture.LandOfficer}", recorded);
        Assert.Equal(0, await page.Locator("path.feature-projects-ED-2").CountAsync());
        Assert.Empty(Unexpected(errors));
    }
}

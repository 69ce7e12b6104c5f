using static Spatial.Web.Tests.Editing.EditorPage;

namespace Spatial.Web.Tests.Editing;

/// <summary>
/// A feature's history on the map: each version with who, when and why; a version's changes as a table
/// and its outline before and after on the map; restore for administrators only.
/// </summary>
[Collection(WebTests.Name)]
public sealed class HistoryTests(WebFixture web, EditingFixture editing) : IClassFixture<EditingFixture>
{
    [Fact]
    public async Task The_history_lists_each_change_with_its_editor_and_shows_a_versions_before_and_after()
    {
        await PatchBehindTheBrowsersBackAsync(editing.Server.Url, editing.OtherLandOfficerKey, "ED-1", """{"properties":{"name_zh":"李华改的名称"}}""", "名称更正");
        var (west, east) = (EditingFixture.West(1) + 0.005, EditingFixture.West(1) + 0.025);
        var moved = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $$$"""{"geometry":{"type":"MultiPolygon","coordinates":[[[[{{{west}}},43.99],[{{{east}}},43.99],[{{{east}}},44.01],[{{{west}}},44.01],[{{{west}}},43.99]]]]}}""");
        await PatchBehindTheBrowsersBackAsync(editing.Server.Url, editing.LandOfficerKey, "ED-1", moved, "按测绘成果平移");
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(1));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 1);
        await page.ClickAsync("#show-history");
        await page.WaitForSelectorAsync("#history-list li[data-version='3']");
        var entries = await page.Locator("#history-list li").AllTextContentsAsync();
        var versions = await page.Locator("#history-list li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.version)");
        var restoreButtons = await page.Locator("#history [data-restore]").CountAsync();

        await page.ClickAsync("#history-list li[data-version='2'] [data-compare]");
        await page.WaitForSelectorAsync("#history-diff tr[data-property='name_zh']");
        var nameChange = await page.Locator("#history-diff tr[data-property='name_zh'] td").AllTextContentsAsync();
        var nameOnly = await page.Locator("#history-diff tr[data-property]").CountAsync();

        await page.ClickAsync("#history-list li[data-version='3'] [data-compare]");
        await page.WaitForSelectorAsync("#history-diff tr[data-property='geometry']");
        await page.WaitForSelectorAsync("path.history-after");
        await WebFixture.ScreenshotAsync(page, "edit-history-before-after");
        // Both outlines measured in one frame: the map may still be panning or zooming to them, which moves and scales both alike.
        var box = await page.EvaluateAsync<double[]>("""
            () => [document.querySelector('path.history-before'), document.querySelector('path.history-after')]
                .map((p) => p.getBoundingClientRect()).flatMap((r) => [r.x, r.width])
            """);
        var (before, after) = ((X: box[0], Width: box[1]), (X: box[2], Width: box[3]));

        Assert.Equal(["3", "2", "1"], versions);
        Assert.Contains(EditingFixture.LandOfficer, entries[0], StringComparison.Ordinal);
        Assert.Contains("按测绘成果平移", entries[0], StringComparison.Ordinal);
        Assert.Contains(EditingFixture.OtherLandOfficer, entries[1], StringComparison.Ordinal);
        Assert.Contains("修改", entries[1], StringComparison.Ordinal);
        Assert.Contains("国土审核人员", entries[1], StringComparison.Ordinal);
        Assert.Contains("名称更正", entries[1], StringComparison.Ordinal);
        Assert.Equal(["编辑测试项目1", "李华改的名称"], nameChange);
        Assert.Equal(1, nameOnly);
        Assert.Equal(0, restoreButtons);
        // Moved east by a quarter of its width at the same size: the outline after lies right of the one before.
        Assert.InRange(after.X - before.X, before.Width * 0.2, before.Width * 0.3);
        Assert.InRange(after.Width / before.Width, 0.98, 1.02);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task An_administrator_restores_a_version_with_a_reason_and_gets_back_its_name_and_outline()
    {
        var original = await editing.Database.ScalarAsync<string>("SELECT name_zh || ' ' || ST_AsText(geom) FROM projects WHERE id = 'ED-3'");
        await PatchBehindTheBrowsersBackAsync(editing.Server.Url, editing.LandOfficerKey, "ED-3", """{"properties":{"name_zh":"错误的名称"}}""", "误改");
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(3));
        await SignInAsync(page, editing.AdminKey);
        var signedIn = await page.Locator("#signed-in").TextContentAsync();
        await OpenEditorAsync(page, 3);
        await page.ClickAsync("#show-history");
        await page.WaitForSelectorAsync("#history-list li[data-version='2']");
        await page.ClickAsync("#history [data-restore='1']");
        var refusedWithoutReason = await page.Locator("#edit-message .edit-problem").TextContentAsync();
        var unchanged = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = 'ED-3'");
        await page.FillAsync("#change-reason", "撤销误改");
        await page.ClickAsync("#history [data-restore='1']");
        await page.WaitForSelectorAsync("#history-list li[data-version='3']");
        await WebFixture.ScreenshotAsync(page, "edit-history-restored");

        var restored = await editing.Database.ScalarAsync<string>("SELECT name_zh || ' ' || ST_AsText(geom) FROM projects WHERE id = 'ED-3'");
        var recorded = await editing.Database.ScalarAsync<string>(
            "SELECT operation || ' ' || changed_by || ' ' || reason FROM feature_history WHERE layer = 'projects' AND feature_id = 'ED-3' ORDER BY version DESC LIMIT 1");
        var form = await page.InputValueAsync("#edit-field-name_zh");
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        var popup = await PopupTextAsync(page, 3);

        Assert.Contains("管理员", signedIn, StringComparison.Ordinal);
        Assert.Equal("请填写修改原因。", refusedWithoutReason);
        Assert.Equal("错误的名称", unchanged);
        Assert.Equal(original, restored);
        Assert.Equal("restore 管理员 撤销误改", recorded);
        Assert.Equal("编辑测试项目3", form);
        Assert.Contains("编辑测试项目3", popup, StringComparison.Ordinal);
        Assert.Empty(Unexpected(errors));
    }
}

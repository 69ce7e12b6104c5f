using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using static Spatial.Web.Tests.Editing.EditorPage;

namespace Spatial.Web.Tests.Editing;

/// <summary>
/// Signing in and editing attributes on the map: the form is built from the collection's schema, a save
/// sends the ETag it read, the stored row and the map show the change, and every refusal is explained.
/// </summary>
[Collection(WebTests.Name)]
public sealed class AttributeEditingTests(WebFixture web, EditingFixture editing) : IClassFixture<EditingFixture>
{
    [Fact]
    public async Task A_name_edited_after_signing_in_is_stored_with_the_editor_and_shown_on_the_map()
    {
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(1));
        await page.Locator("path.feature-projects-ED-1").ClickAsync();
        var popupBeforeSigningIn = await page.Locator(".leaflet-popup button[data-edit]").CountAsync();
        await page.Locator(".leaflet-popup-close-button").ClickAsync();

        await SignInAsync(page, editing.LandOfficerKey);
        var signedIn = await page.Locator("#signed-in").TextContentAsync();
        await OpenEditorAsync(page, 1);
        // Someone else renames the neighbour meanwhile: the layer reloaded after the save shows it too.
        await PatchBehindTheBrowsersBackAsync(editing.Server.Url, editing.OtherLandOfficerKey, "ED-2", """{"properties":{"name_zh":"邻居改名"}}""", "同步");
        await page.FillAsync("#edit-field-name_zh", "改名后的项目");
        var sectorChoices = await page.Locator("#edit-field-sector option").EvaluateAllAsync<string[]>("options => options.map(o => o.value).filter(Boolean)");
        var bioEnergy = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM sectors WHERE code = 'bio_energy'");
        await page.SelectOptionAsync("#edit-field-sector", new Microsoft.Playwright.SelectOptionValue { Label = bioEnergy });
        await page.FillAsync("#change-reason", "名称更正");
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-done");
        await WebFixture.ScreenshotAsync(page, "edit-attributes-saved");

        var stored = await editing.Database.ScalarAsync<string>("SELECT name_zh || ' ' || sector FROM projects WHERE id = 'ED-1'");
        var sectors = await editing.Database.ScalarAsync<string[]>("SELECT array_agg(code ORDER BY code) FROM sectors");
        var recorded = await editing.Database.ScalarAsync<string>(
            "SELECT changed_by || ' / ' || role || ' / ' || reason FROM feature_history WHERE layer = 'projects' AND feature_id = 'ED-1' ORDER BY version DESC LIMIT 1");
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        var popup = await PopupTextAsync(page, 1);
        await page.Locator(".leaflet-popup-close-button").ClickAsync();
        var neighbour = await PopupTextAsync(page, 2);

        Assert.Equal(0, popupBeforeSigningIn);
        Assert.Contains($"{EditingFixture.LandOfficer}（国土审核人员）", signedIn, StringComparison.Ordinal);
        Assert.Equal("改名后的项目 bio_energy", stored);
        Assert.Equal(sectors, sectorChoices.Order(StringComparer.Ordinal));
        Assert.Equal($"{EditingFixture.LandOfficer} / land_officer / 名称更正", recorded);
        Assert.Contains("改名后的项目", popup, StringComparison.Ordinal);
        Assert.Contains("邻居改名", neighbour, StringComparison.Ordinal);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task Markup_typed_as_a_name_is_stored_as_typed_and_shown_as_text_and_runs_nothing()
    {
        const string Markup = "<img src=x onerror=alert(1)>";
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(3));
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => { lock (dialogs) dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 3);
        await page.FillAsync("#edit-field-name_zh", Markup);
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-done");

        var stored = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = 'ED-3'");
        var title = await page.Locator("#edit-title").TextContentAsync();
        var popup = await PopupTextAsync(page, 3);
        var options = await page.Locator("#project-list option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        await page.WaitForTimeoutAsync(500);
        await WebFixture.ScreenshotAsync(page, "edit-markup-as-text");

        Assert.Equal(Markup, stored);
        Assert.StartsWith(Markup, title, StringComparison.Ordinal);
        Assert.Contains(Markup, popup, StringComparison.Ordinal);
        Assert.Contains($"ED-3 {Markup}", options);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Empty(dialogs);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_required_name_left_empty_is_refused_with_the_reason_under_the_name_field()
    {
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(4));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 4);
        await page.FillAsync("#edit-field-name_zh", "");
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-problem[data-status='422']");
        await WebFixture.ScreenshotAsync(page, "edit-422-under-field");

        var fieldError = await page.Locator("[data-property='name_zh'] .field-error").TextContentAsync();
        var invalid = await page.GetAttributeAsync("#edit-field-name_zh", "aria-invalid");
        var otherErrors = await page.Locator("[data-property='name_en'] .field-error:not([hidden])").CountAsync();
        var stored = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = 'ED-4'");
        await page.FillAsync("#edit-field-name_en", "Typed before switching");
        await page.ClickAsync("#lang");
        var englishSave = await page.Locator("#save-attributes").TextContentAsync();
        var keptWhileSwitching = await page.InputValueAsync("#edit-field-name_en");

        Assert.Contains("required", fieldError, StringComparison.Ordinal);
        Assert.Equal("Save attributes", englishSave);
        Assert.Equal("Typed before switching", keptWhileSwitching);
        Assert.Equal("true", invalid);
        Assert.Equal(0, otherErrors);
        Assert.Equal("编辑测试项目4", stored);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_save_after_someone_else_changed_the_feature_names_them_and_what_and_saves_after_a_reload()
    {
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(5));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 5);
        await PatchBehindTheBrowsersBackAsync(editing.Server.Url, editing.OtherLandOfficerKey, "ED-5", """{"properties":{"summary_zh":"李华写的概要"}}""", "测绘更正");

        await page.FillAsync("#edit-field-name_zh", "王明的新名称");
        await page.FillAsync("#change-reason", "按批复更名");
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-problem[data-status='412']");
        var conflict = await page.Locator("#edit-message").TextContentAsync();
        var storedAfterConflict = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = 'ED-5'");
        await WebFixture.ScreenshotAsync(page, "edit-412-conflict");

        await page.ClickAsync("#reload-feature");
        await page.WaitForSelectorAsync("#edit-message .edit-done");
        var summaryAfterReload = await page.InputValueAsync("#edit-field-summary_zh");
        var nameAfterReload = await page.InputValueAsync("#edit-field-name_zh");
        var reasonAfterReload = await page.InputValueAsync("#change-reason");
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-done:has-text('已保存')");
        var stored = await editing.Database.ScalarAsync<string>("SELECT name_zh || ' / ' || summary_zh FROM projects WHERE id = 'ED-5'");
        var recorded = await editing.Database.ScalarAsync<string>(
            "SELECT changed_by || ' ' || reason FROM feature_history WHERE layer = 'projects' AND feature_id = 'ED-5' ORDER BY version DESC LIMIT 1");

        Assert.Contains("已被他人修改", conflict, StringComparison.Ordinal);
        Assert.Contains(EditingFixture.OtherLandOfficer, conflict, StringComparison.Ordinal);
        Assert.Contains("重点内容", conflict, StringComparison.Ordinal);
        Assert.Contains("测绘更正", conflict, StringComparison.Ordinal);
        Assert.Equal("编辑测试项目5", storedAfterConflict);
        Assert.Equal("李华写的概要", summaryAfterReload);
        Assert.Equal("王明的新名称", nameAfterReload);
        Assert.Equal("按批复更名", reasonAfterReload);
        Assert.Equal("王明的新名称 / 李华写的概要", stored);
        Assert.Equal($"{EditingFixture.LandOfficer} 按批复更名", recorded);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_key_revoked_while_editing_is_told_as_not_signed_in_with_the_services_reason()
    {
        var (id, key) = await ApiKeyStore.CreateAsync(editing.Database.DataSource, "临时", Role.LandOfficer, "test", CancellationToken.None);
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(6));
        await SignInAsync(page, key);
        await OpenEditorAsync(page, 6);
        await ApiKeyStore.RevokeAsync(editing.Database.DataSource, id, CancellationToken.None);
        await page.FillAsync("#edit-field-name_zh", "不会保存");
        await page.ClickAsync("#save-attributes");
        await page.WaitForSelectorAsync("#edit-message .edit-problem[data-status='401']");

        var message = await page.Locator("#edit-message p").First.TextContentAsync();
        var signInAgain = await page.Locator("#edit-message #sign-in-again").CountAsync();
        var stored = await editing.Database.ScalarAsync<string>("SELECT name_zh FROM projects WHERE id = 'ED-6'");

        Assert.Equal("未登录或密钥已失效：" + await RefusalDetailAsync(editing.Server.Url, key), message);
        Assert.Equal(1, signInAgain);
        Assert.Equal("编辑测试项目6", stored);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task With_keys_required_for_reads_the_map_loads_and_its_editor_opens_once_signed_in()
    {
        await using var server = RealServer.Start(editing.Database.ConnectionString,
            new Dictionary<string, string?> { ["Spatial:Auth:RequireKeyForReads"] = "true" });
        var (page, errors) = await web.NewPageAsync();
        await page.GotoAsync(server.Url + EditingFixture.ViewOf(8));
        await page.WaitForSelectorAsync("body[data-ready]", new() { Timeout = 30_000 });
        var anonymous = await page.GetAttributeAsync("body", "data-ready");
        await SignInAsync(page, editing.LandOfficerKey);
        // Unsigned, the page fails to start (the vocabulary is refused): that is the point; from here on nothing may fail.
        lock (errors) errors.Clear();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready]", new() { Timeout = 30_000 });

        var ready = await page.GetAttributeAsync("body", "data-ready");
        var drawn = await page.Locator("path.feature-projects-ED-8").CountAsync();
        // The form is built from the collection's schema, which needs the key as much as the feature does.
        await OpenEditorAsync(page, 8);

        Assert.Equal("error", anonymous);
        Assert.Equal("true", ready);
        Assert.Equal(1, drawn);
        Assert.Equal("编辑测试项目8", await page.InputValueAsync("#edit-field-name_zh"));
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task The_properties_the_schema_marks_readOnly_are_shown_in_the_form_but_cannot_be_edited()
    {
        using var client = new HttpClient { BaseAddress = new Uri(editing.Server.Url) };
        using var schema = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/collections/projects/schema", UriKind.Relative)));
        var served = schema.RootElement.GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.TryGetProperty("readOnly", out var flag) && flag.GetBoolean());
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(9));
        await SignInAsync(page, editing.LandOfficerKey);
        await OpenEditorAsync(page, 9);

        var editableInForm = new Dictionary<string, bool>();
        foreach (var name in served.Keys) editableInForm[name] = await page.Locator($"#edit-field-{name}").IsEditableAsync();
        var countyShown = await page.InputValueAsync("#edit-field-county_name_zh");
        var typedIntoReadOnly = await Record.ExceptionAsync(() => page.FillAsync("#edit-field-area_mu", "1", new() { Timeout = 1_000 }));

        Assert.Contains(served, p => p.Value);
        Assert.True(served["area_mu"] && served["county_name_zh"] && !served["name_zh"]);
        Assert.Equal(served.Where(p => p.Value).Select(p => p.Key).Order(), editableInForm.Where(f => !f.Value).Select(f => f.Key).Order());
        Assert.Equal("测试县", countyShown);
        Assert.IsAssignableFrom<TimeoutException>(typedIntoReadOnly);
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task A_planner_gets_no_edit_button_on_projects_and_a_wrong_key_is_refused_at_sign_in()
    {
        var (page, errors) = await web.OpenAtAsync(editing.MapAt(7));
        await page.ClickAsync("#sign-in");
        await page.FillAsync("#api-key", "spk_not-a-key-of-this-service");
        await page.ClickAsync("#sign-in-submit");
        await page.WaitForFunctionAsync("() => document.getElementById('sign-in-error').textContent.startsWith('密钥无效')");
        var refused = await page.Locator("#sign-in-error").TextContentAsync();
        await page.ClickAsync("#sign-in-cancel");

        await SignInAsync(page, editing.PlannerKey);
        var signedIn = await page.Locator("#signed-in").TextContentAsync();
        await page.Locator("path.feature-projects-ED-7").ClickAsync();
        await page.WaitForSelectorAsync(".leaflet-popup .popup[data-feature='ED-7']");
        var editButtons = await page.Locator(".leaflet-popup button[data-edit]").CountAsync();
        var editTabShown = await page.Locator("#tab-edit").IsVisibleAsync();

        await page.ClickAsync("#sign-out");
        var afterSignOut = await page.Locator("#sign-in").IsVisibleAsync();
        var stored = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('spatial.session')");

        Assert.Equal("密钥无效：" + await RefusalDetailAsync(editing.Server.Url, "spk_not-a-key-of-this-service"), refused);
        Assert.Contains("规划人员", signedIn, StringComparison.Ordinal);
        Assert.Equal(0, editButtons);
        Assert.True(editTabShown);
        Assert.True(afterSignOut);
        Assert.Null(stored);
        Assert.Empty(Unexpected(errors));
    }
}

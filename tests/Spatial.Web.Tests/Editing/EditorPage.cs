using System.Text;
using Microsoft.Playwright;

namespace Spatial.Web.Tests.Editing;

/// <summary>What the editing tests do on the map page, and what they do behind its back through the API.</summary>
public static class EditorPage
{
    // Chromium logs each 4xx a fetch receives; the ones a test provokes (a refused key's 401, a stale save's
    // 412, a 422) are expected, every other error is not.
    private const string RefusedRequest = "Failed to load resource: the server responded with a status of 4";

    public static IEnumerable<string> Unexpected(IEnumerable<string> errors) =>
        errors.Where(e => !e.StartsWith(RefusedRequest, StringComparison.Ordinal));

    public static async Task SignInAsync(IPage page, string key)
    {
        await page.ClickAsync("#sign-in");
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("#sign-in-submit");
        await page.WaitForSelectorAsync("#signed-in");
    }

    /// <summary>
    /// Clicks project ED-<paramref name="n"/> on the map, then 编辑 in its popup; resolves once the form shows and
    /// the map has stopped moving (the popup may have panned it: a drag or click during the pan is lost).
    /// </summary>
    public static async Task OpenEditorAsync(IPage page, int n)
    {
        await page.Locator($"path.feature-projects-ED-{n}").ClickAsync();
        await page.Locator($".leaflet-popup button[data-edit='projects/ED-{n}']").ClickAsync();
        await page.WaitForSelectorAsync("#attribute-form #edit-field-name_zh");
        await SettledCentreAsync(page);
    }

    // The URL's hash once it says where the map is: it is written a moment after the map rests, not at each move end.
    private const string HashOfTheCentreShown = """
        () => {
          const c = spatialMap.map.getCenter(), params = new URLSearchParams(location.hash.slice(1));
          return params.get('lat') === c.lat.toFixed(5) && params.get('lon') === c.lng.toFixed(5) ? location.hash : '';
        }
        """;

    /// <summary>The map's centre from its URL, once it names the centre shown and two readings 300 ms apart agree.</summary>
    public static async Task<(double Lon, double Lat)> SettledCentreAsync(IPage page)
    {
        var previous = "";
        while (true)
        {
            await page.WaitForTimeoutAsync(300);
            var hash = await page.EvaluateAsync<string>(HashOfTheCentreShown);
            if (hash.Length > 0 && hash == previous)
            {
                var query = System.Web.HttpUtility.ParseQueryString(hash.TrimStart('#'));
                return (double.Parse(query["lon"]!, System.Globalization.CultureInfo.InvariantCulture), double.Parse(query["lat"]!, System.Globalization.CultureInfo.InvariantCulture));
            }
            previous = hash;
        }
    }


    public static async Task<string> PopupTextAsync(IPage page, int n)
    {
        await page.Locator($"path.feature-projects-ED-{n}").ClickAsync();
        return (await page.Locator($".leaflet-popup-content .popup[data-feature='ED-{n}']").TextContentAsync())!;
    }

    /// <summary>The detail of the 401 the service answers a write with this key (independently of the page).</summary>
    public static async Task<string> RefusalDetailAsync(string serverUrl, string key)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/collections/projects/items/ED-1");
        request.Headers.Add("X-API-Key", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    /// <summary>A change made by another editor through the API, with the ETag the API gives now.</summary>
    public static async Task<HttpResponseMessage> PatchBehindTheBrowsersBackAsync(string serverUrl, string key, string id, string patchJson, string reason)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverUrl) };
        using var current = await client.GetAsync($"/collections/projects/items/{id}");
        current.EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/collections/projects/items/{id}")
        {
            Content = new StringContent(patchJson, Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.Add("X-API-Key", key);
        request.Headers.IfMatch.Add(current.Headers.ETag!);
        request.Headers.Add("X-Change-Reason", Uri.EscapeDataString(reason));
        var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return response;
    }
}

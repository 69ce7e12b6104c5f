using Microsoft.Playwright;
using Spatial.Api.Data;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli.Gisdata;

namespace Spatial.Web.Tests;

/// <summary>
/// The real service on a loopback port over a throwaway database with all of gisdata/, and Debian's
/// Chromium driven by Playwright (no browser download).
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public RealServer Server { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: SPATIAL_TEST_ARTIFACTS (scripts/test sets it), else a temp folder.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("SPATIAL_TEST_ARTIFACTS") ?? Path.Combine(Path.GetTempPath(), "spatial-web-artifacts")).FullName;

    public async Task InitializeAsync()
    {
        var chromium = Machine.Chromium;
        Database = await TestDatabase.CreateAsync();
        await new Migrator(SchemaScripts.Embedded()).ApplyAsync(Database.DataSource, CancellationToken.None);
        await GisdataLoader.LoadAsync(Database.DataSource, GisdataDirectory.Resolve(null), CancellationToken.None);
        Server = RealServer.Start(Database.ConnectionString);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    // Runs before the page's own scripts, in every page of the suite: reports each Content-Security-Policy
    // violation, and each element carrying an on… attribute — the map sets none, so such an element can
    // only be markup that came from data or the URL.
    private const string Watchdog = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          const text = `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`;
          window.__cspViolations.push(text);
          window.__spatialReport(text);
        });
        const report = (element, handlers) => window.__spatialReport(`element with inline handlers: <${element.localName} ${handlers.join(' ')}>`);
        const inspect = (node) => {
          if (node.nodeType !== Node.ELEMENT_NODE) return;
          for (const element of [node, ...node.querySelectorAll('*')]) {
            const handlers = element.getAttributeNames().filter((name) => name.startsWith('on'));
            if (handlers.length) report(element, handlers);
          }
        };
        new MutationObserver((records) => records.forEach((r) => {
          if (r.type === 'childList') r.addedNodes.forEach(inspect);
          else if (r.attributeName.startsWith('on')) report(r.target, [r.attributeName]);
        })).observe(document, { childList: true, subtree: true, attributes: true });
        """;

    /// <summary>
    /// A fresh page at the given size, not yet navigated, recording console errors, uncaught exceptions,
    /// CSP violations and elements with inline event handlers.
    /// </summary>
    /// <remarks><paramref name="ignoreHttpsErrors"/> accepts a test's self-signed certificate (the nginx in front, Deploy/NginxSite).</remarks>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(int width = 1366, int height = 768, bool ignoreHttpsErrors = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, AcceptDownloads = true, Locale = "zh-CN", IgnoreHTTPSErrors = ignoreHttpsErrors,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        await page.ExposeFunctionAsync("__spatialReport", (string problem) => { lock (errors) errors.Add(problem); });
        await page.AddInitScriptAsync(Watchdog);
        return (page, errors);
    }

    /// <summary>A fresh page at the given path, once the map says it is ready.</summary>
    public Task<(IPage Page, List<string> Errors)> OpenAsync(string path = "/", int width = 1366, int height = 768) =>
        OpenAtAsync(Server.Url + path, width, height);

    /// <summary>A fresh page at the given URL (e.g. a test's own server), once the map says it is ready.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAtAsync(string url, int width = 1366, int height = 768)
    {
        var (page, errors) = await NewPageAsync(width, height);
        await page.GotoAsync(url);
        await page.WaitForSelectorAsync("body[data-ready]", new() { Timeout = 30_000 });
        Assert.Equal("true", await page.GetAttributeAsync("body", "data-ready"));
        return (page, errors);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, name + ".png") });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebTests : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Spatial.Api.Http;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http;

/// <summary>On Kestrel itself (the in-memory test server never writes a Server header), so the absence of one means something.</summary>
[Collection(ApiTests.Name)]
public sealed partial class SecurityHeadersTests(ApiFixture api) : IAsyncLifetime
{
    private RealServer _server = null!;

    private HttpClient Client() => new() { BaseAddress = new Uri(_server.Url) };

    public async Task InitializeAsync()
    {
        _server = RealServer.Start(api.Database.ConnectionString);
        using var client = Client();
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (ready.IsSuccessStatusCode) return;
        }
    }

    [Theory]
    [InlineData("/", "text/html", HttpStatusCode.OK)]
    [InlineData("/app/main.js", "*/*", HttpStatusCode.OK)]
    [InlineData("/collections/counties/items?limit=1", "application/json", HttpStatusCode.OK)]
    [InlineData("/collections/counties/items?limit=many", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("/no/such/thing", "application/json", HttpStatusCode.NotFound)]
    public async Task Every_response_carries_the_browser_protections_and_no_server_header(string path, string accept, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var client = Client();
        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(", ", response.Headers.Server)}");
    }

    [Fact]
    public void The_policy_allows_scripts_styles_and_requests_from_the_service_only()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split("; ").ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'none'", directives["base-uri"]);
        Assert.DoesNotContain("unsafe", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_printable_report_allows_exactly_its_own_inline_stylesheet()
    {
        using var client = Client();
        using var response = await client.GetAsync(new Uri("/collections/projects/items/JX-01/footprint-check?f=html", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var css = Stylesheet().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(css);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy.Replace("style-src 'self'", $"style-src 'self' 'sha256-{hash}'", StringComparison.Ordinal),
            Header(response, "Content-Security-Policy"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex Stylesheet();

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

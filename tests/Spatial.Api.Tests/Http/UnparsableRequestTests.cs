using System.Net.Sockets;
using System.Text;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Http;

/// <summary>
/// The documented exception to "every error is a problem" (README, "Limits and deadlines"): what Kestrel cannot
/// parse as HTTP at all never reaches the service, and gets Kestrel's own empty 400. Over a raw socket, since an
/// HTTP client would refuse to send such bytes.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class UnparsableRequestTests(ApiFixture api)
{
    /// <summary>Sends the bytes as they are and reads until the server closes the connection.</summary>
    internal static async Task<string> SendRawAsync(RealServer server, string request)
    {
        var url = new Uri(server.Url);
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);   // Kestrel closes the connection after a request it could not read
    }

    [Theory]
    [InlineData("GET /collections HTTP/1.1 trailing\r\nHost: localhost\r\n\r\n")]
    [InlineData("GET /collections\r\nHost: localhost\r\n\r\n")]
    [InlineData("GET\t/collections HTTP/1.1\r\nHost: localhost\r\n\r\n")]
    [InlineData("POST /footprint-checks HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n")]
    public async Task A_request_kestrel_cannot_parse_gets_its_bare_400_with_no_body(string request)
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);

        var response = await SendRawAsync(server, request);
        var (head, body) = (response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)], response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        var headers = head.Split("\r\n")[1..].Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", response, StringComparison.Ordinal);
        Assert.Equal("0", headers["Content-Length"]);
        Assert.False(headers.ContainsKey("Content-Type"), head);
        Assert.Equal("", body);
    }

    [Fact]
    public async Task A_request_kestrel_can_parse_gets_a_problem_over_the_same_raw_socket()
    {
        await using var server = RealServer.Start(api.Database.ConnectionString);

        var response = await SendRawAsync(server, "GET /collections/no-such-layer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"detail\"", response, StringComparison.Ordinal);
    }
}

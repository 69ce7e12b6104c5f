using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli;

namespace Spatial.Api.Tests.Cli;

/// <summary>
/// <c>spatial keys create|list|revoke</c> through the CLI's entry point, against the service on the same
/// database, and once through the operator's own <c>scripts/spatial</c>.
/// </summary>
public sealed partial class KeysCommandTests
{
    [Fact]
    public async Task Create_quiet_prints_the_key_alone_list_shows_only_its_prefix_and_revoke_refuses_it_at_once()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var app = new SpatialApp(database.ConnectionString);
        using var client = await app.ReadyClientAsync();
        var configuration = Configuration(database);

        var (created, createErrors) = await RunAsync(configuration, 0, "keys", "create", "--role", "viewer", "--name", "王明 <测试>", "--quiet");
        var key = created.TrimEnd('\n');
        var before = await PostWithAsync(client, key);
        var (listed, _) = await RunAsync(configuration, 0, "keys", "list");
        var id = await database.ScalarAsync<long>("SELECT id FROM api_keys WHERE name = '王明 <测试>'");
        var (revoked, _) = await RunAsync(configuration, 0, "keys", "revoke", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var after = await PostWithAsync(client, key);
        var (listedAgain, _) = await RunAsync(configuration, 0, "keys", "list");

        Assert.Matches(OneKeyLine(), created);
        Assert.Equal("", createErrors);
        Assert.Equal("viewer", await database.ScalarAsync<string>("SELECT role FROM api_keys WHERE key_hash = sha256(convert_to($1, 'UTF8'))", key));
        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Contains(key[..10] + "…", listed, StringComparison.Ordinal);
        Assert.Contains("王明 <测试>", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key[10..20], listed, StringComparison.Ordinal);
        Assert.Equal($"Key {id} revoked.\n", revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Matches(@"revoked \d{4}-\d\d-\d\d", listedAgain);
    }

    [Fact]
    public async Task Create_without_quiet_shows_the_key_once_with_how_to_use_and_revoke_it_and_bad_arguments_exit_2()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        var configuration = Configuration(database);

        var (created, _) = await RunAsync(configuration, 0, "keys", "create", "--role", "land_officer", "--name", "李华");
        var (_, noRole) = await RunAsync(configuration, 2, "keys", "create", "--role", "superuser", "--name", "李华");
        var (_, missing) = await RunAsync(configuration, 1, "keys", "revoke", "999");

        var lines = created.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^Key \d+ for 李华 \(land_officer\):$", lines[0]);
        Assert.Matches(OneKeyLine(), lines[1] + "\n");
        Assert.Contains("X-API-Key", lines[2], StringComparison.Ordinal);
        Assert.Contains("viewer, planner, land_officer, admin", noRole, StringComparison.Ordinal);
        Assert.Contains("no key 999", missing, StringComparison.Ordinal);
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task Scripts_spatial_with_spatial_db_migrates_an_empty_database_and_prints_only_the_key_on_stdout()
    {
        await using var database = await TestDatabase.CreateAsync();

        var created = await ScriptAsync(database, "keys", "create", "--role", "planner", "--name", "脚本用户", "--quiet");

        Assert.Matches(OneKeyLine(), created);
        var key = created.TrimEnd('\n');
        Assert.Equal("planner", await database.ScalarAsync<string>("SELECT role FROM api_keys WHERE key_hash = sha256(convert_to($1, 'UTF8'))", key));
    }

    private static IConfiguration Configuration(TestDatabase database) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Spatial"] = database.ConnectionString })
        .Build();

    private static async Task<(string Output, string Errors)> RunAsync(IConfiguration configuration, int exitCode, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await CommandLine.RunAsync(args, configuration, output, errors);
        Assert.True(code == exitCode, $"spatial {string.Join(' ', args)} exited {code}: {output}{errors}");
        return (output.ToString().ReplaceLineEndings("\n"), errors.ToString());
    }

    /// <summary>A write the key's role may not make (a viewer's POST): 403 while the key is valid, 401 once it is not.</summary>
    private static async Task<HttpResponseMessage> PostWithAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/collections/projects/items", UriKind.Relative));
        request.Headers.Add(ApiKeys.Header, key);
        request.Content = new StringContent("""{"type":"Feature","properties":{},"geometry":null}""", System.Text.Encoding.UTF8, "application/geo+json");
        return await client.SendAsync(request);
    }

    /// <summary>scripts/spatial as an operator runs it, with SPATIAL_DB naming the test database (so it starts no cluster of its own).</summary>
    private static async Task<string> ScriptAsync(TestDatabase database, params string[] args)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "scripts", "spatial"))) root = root.Parent ?? throw new InvalidOperationException("no scripts/spatial above the tests");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName };
        start.ArgumentList.Add(Path.Combine(root.FullName, "scripts", "spatial"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["SPATIAL_DB"] = database.ConnectionString;
        start.Environment.Remove("ConnectionStrings__Spatial");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"scripts/spatial {string.Join(' ', args)} exited {process.ExitCode}: {await errors}");
        return await output;
    }

    [GeneratedRegex(@"^spk_[A-Za-z0-9_-]{43}\n$")]
    private static partial Regex OneKeyLine();
}

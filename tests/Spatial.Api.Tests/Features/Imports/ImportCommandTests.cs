using System.Text;
using Microsoft.Extensions.Configuration;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary><c>spatial import</c>: the same import in process, its summary printed, a non-zero exit on rejection; and the API definition declares the import.</summary>
public sealed class ImportCommandTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Spatial"] = fixture.Database.ConnectionString })
        .Build();

    private async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await CommandLine.RunAsync(args, Configuration, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    private static async Task<string> FileAsync(string content, string name)
    {
        var path = Path.Combine(ImportFiles.Scratch(), name);
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task The_command_line_imports_a_file_prints_the_summary_and_exits_zero()
    {
        var projects = ImportFiles.Projects("cli-ok", 3);
        var path = await FileAsync(ImportFiles.GeoJson(projects), "cli.geojson");

        var (dry, dryOutput, _) = await RunAsync("import", "projects", path, "--dry-run");
        Assert.True(dry == 0, dryOutput);
        Assert.Contains("succeeded (dry run)", dryOutput);
        Assert.Null(await fixture.Database.AttributesAsync("projects", "cli-ok-1"));

        var (code, output, errors) = await RunAsync("import", "projects", path);
        Assert.True(code == 0, output + errors);
        Assert.Contains("3 features: 3 created, 0 updated", output);
        Assert.Equal(projects[2].Name, await fixture.Database.TextAsync("projects", "cli-ok-3", "name_zh"));
        Assert.Equal(["import"], (await fixture.Database.HistoryAsync("projects", "cli-ok-3")).Select(h => h.Operation));
    }

    [Fact]
    public async Task A_rejected_file_exits_one_naming_the_feature_and_its_reason_and_writes_nothing()
    {
        var path = await FileAsync(ImportFiles.GeoJson(ImportFiles.Projects("cli-bad", 2), p =>
        {
            var properties = ImportFiles.Properties(p);
            if (p.Id == "cli-bad-2") properties["sector"] = "alchemy";
            return properties;
        }), "bad.geojson");
        var before = await fixture.Database.WrittenRowsAsync();

        var (code, output, _) = await RunAsync("import", "projects", path);

        Assert.True(code == 1, output);
        Assert.Contains("rejected", output);
        Assert.Contains("#2 cli-bad-2 rejected: unknown_code (sector): 'alchemy' is not in sectors", output);
        Assert.Equal(before, await fixture.Database.WrittenRowsAsync());
    }

    [Fact]
    public async Task A_bad_option_is_a_usage_error_named_as_the_api_names_it()
    {
        var path = await FileAsync(ImportFiles.GeoJson(ImportFiles.Projects("cli-opt", 1)), "opt.geojson");
        var (code, _, errors) = await RunAsync("import", "projects", path, "--match", "name");
        Assert.Equal(2, code);
        Assert.Contains("match: 'name' is not id or source_ref", errors);
    }

    [Fact]
    public async Task The_api_definition_declares_the_import_with_its_parameters_and_media_types()
    {
        var post = (await fixture.Client.GetOkJsonAsync("/api")).GetProperty("paths").GetProperty("/collections/{collectionId}/imports").GetProperty("post");
        var parameters = post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        foreach (var name in new[] { "collectionId", "dry_run", "crs", "encoding", "mapping", "layer", "match" }) Assert.Contains(name, parameters);
        var bodies = post.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Contains("application/zip", bodies);
        Assert.Contains("multipart/form-data", bodies);
        Assert.True(post.GetProperty("responses").TryGetProperty("202", out _));
    }
}

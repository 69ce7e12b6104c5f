using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Deploy;

/// <summary>The files of deploy/ as nginx and systemd themselves read them, with only paths and ports substituted.</summary>
public sealed class DeployFileTests
{
    [Fact]
    public async Task Nginx_accepts_the_site_file()
    {
        await using var nginx = await NginxSite.WriteAsync(Loopback.FreePort(), Loopback.FreePort());

        var (exit, output) = await nginx.RunAsync("-t");

        Assert.True(exit == 0, output);
        Assert.Contains("test is successful", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Systemd_accepts_the_unit_and_the_template_for_several_instances()
    {
        var folder = Directory.CreateTempSubdirectory("spatial-units-").FullName;
        try
        {
            // The published service is the test output itself (Spatial.Api.dll and its dependencies).
            var dotnet = Machine.Tool("dotnet", "the .NET SDK");
            var install = AppContext.BaseDirectory.TrimEnd('/');
            var units = new List<string>();
            foreach (var (file, instance) in new[] { ("spatial.service", "spatial.service"), ("spatial@.service", "spatial@5081.service") })
            {
                var text = DeployFiles.Read($"systemd/{file}")
                    .Replace("/usr/bin/dotnet ", dotnet + " ", StringComparison.Ordinal)
                    .Replace("/opt/spatial", install, StringComparison.Ordinal)
                    .Replace("/etc/spatial/spatial.env", Path.Combine(folder, "spatial.env"), StringComparison.Ordinal);
                Assert.Contains($"ExecStart={dotnet} {install}/Spatial.Api.dll --urls http://127.0.0.1:", text, StringComparison.Ordinal);
                await File.WriteAllTextAsync(Path.Combine(folder, file), text);
                units.Add(Path.Combine(folder, instance));
            }
            await File.WriteAllTextAsync(Path.Combine(folder, "spatial.env"), "ConnectionStrings__Spatial=Host=127.0.0.1\n");

            var (exit, output) = await PgTools.ProcessAsync(Machine.Tool("systemd-analyze", "Debian package systemd"), ["verify", .. units]);

            Assert.True(exit == 0 && !output.Contains(folder, StringComparison.Ordinal), $"systemd-analyze verify exited {exit}: {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Deploy;

/// <summary>
/// scripts/cluster's nginx site is deploy/nginx/spatial.conf with its ports and certificate replaced, made by
/// scripts/lib/nginx-site.sh: the same text, line for line, as the site these tests run, and a deploy file that no longer
/// says what the script replaces stops it instead of drifting.
/// </summary>
public sealed class ClusterSiteTests
{
    private static readonly string Root = Directory.GetParent(DeployFiles.Folder)!.FullName;

    private static Task<(int Exit, string Output)> SiteAsync(string? source = null) =>
        PgTools.ProcessAsync("bash", "-c", """
            SPATIAL_ROOT=$0; [ -z "$1" ] || NGINX_SITE_SOURCE=$1
            source "$SPATIAL_ROOT/scripts/lib/nginx-site.sh"
            nginx_site 57401 57402 57403 57400 /run/cluster/site.pem /run/cluster/site.key
            """, Root, source ?? "");

    [Fact]
    public async Task The_cluster_site_is_the_deploy_site_with_only_its_ports_and_certificate_replaced()
    {
        var expected = DeployFiles.Substitute(DeployFiles.Read("nginx/spatial.conf"), new Dictionary<string, string>
        {
            ["server 127.0.0.1:5081"] = "server 127.0.0.1:57401",
            ["server 127.0.0.1:5082"] = "server 127.0.0.1:57402",
            ["listen 80;"] = "listen 127.0.0.1:57403;",
            ["listen 443 ssl;"] = "listen 127.0.0.1:57400 ssl;",
            ["/etc/ssl/certs/gis.example.cn.pem"] = "/run/cluster/site.pem",
            ["/etc/ssl/private/gis.example.cn.key"] = "/run/cluster/site.key",
        });

        var (exit, site) = await SiteAsync();

        Assert.True(exit == 0, site);
        Assert.Equal(expected.TrimEnd('\n').Split('\n'), site.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("server 127.0.0.1:5082 ", "server 127.0.0.1:5083 ")]
    [InlineData("listen 443 ssl;", "listen 8443 ssl;")]
    [InlineData("/etc/ssl/private/gis.example.cn.key", "/etc/nginx/gis.key")]
    public async Task A_deploy_site_without_a_text_the_script_replaces_stops_it_naming_the_text(string text, string changedTo)
    {
        var changed = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(changed, DeployFiles.Read("nginx/spatial.conf").Replace(text, changedTo, StringComparison.Ordinal));

            var (exit, output) = await SiteAsync(changed);

            Assert.NotEqual(0, exit);
            Assert.Contains($"\"{text}\" is there 0 times, not once", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(changed);
        }
    }
}

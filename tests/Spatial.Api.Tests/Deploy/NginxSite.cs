using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Deploy;

/// <summary>
/// Debian's nginx running deploy/nginx/spatial.conf as shipped, with only the listening ports, the two
/// upstream ports and the certificate (a self-signed one for gis.example.cn, made by openssl) substituted;
/// its files in a temp folder of its own.
/// </summary>
public sealed class NginxSite : IAsyncDisposable
{
    private readonly string _folder;
    private readonly Process? _process;

    private NginxSite(string folder, int httpsPort, int httpPort, Process? process)
    {
        _folder = folder;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
        _process = process;
    }

    public int HttpsPort { get; }
    public int HttpPort { get; }

    /// <summary>The main configuration, which includes the site file.</summary>
    public string MainConfiguration => Path.Combine(_folder, "nginx.conf");

    public static string Nginx => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : Machine.Tool("nginx", "nginx");

    /// <summary>Writes the configuration without starting nginx (for <c>nginx -t</c>).</summary>
    public static Task<NginxSite> WriteAsync(int upstream1, int upstream2) => CreateAsync(upstream1, upstream2, start: false);

    public static Task<NginxSite> StartAsync(int upstream1, int upstream2) => CreateAsync(upstream1, upstream2, start: true);

    /// <summary>Runs nginx with this configuration and the given arguments (e.g. -t); its exit code and what it printed.</summary>
    public Task<(int Exit, string Output)> RunAsync(params string[] arguments) =>
        PgTools.ProcessAsync(Nginx, ["-p", _folder, "-c", MainConfiguration, "-e", Path.Combine(_folder, "error.log"), .. arguments]);

    private static async Task<NginxSite> CreateAsync(int upstream1, int upstream2, bool start)
    {
        var folder = Directory.CreateTempSubdirectory("spatial-nginx-").FullName;
        var (https, http) = (Loopback.FreePort(), Loopback.FreePort());
        var certificate = Path.Combine(folder, "gis.example.cn.pem");
        var key = Path.Combine(folder, "gis.example.cn.key");
        var (made, openssl) = await PgTools.ProcessAsync(Machine.Tool("openssl", "openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-subj", "/CN=gis.example.cn", "-days", "1", "-keyout", key, "-out", certificate);
        if (made != 0) throw new InvalidOperationException($"openssl: {openssl}");

        var site = DeployFiles.Substitute(DeployFiles.Read("nginx/spatial.conf"), new Dictionary<string, string>
        {
            ["server 127.0.0.1:5081"] = $"server 127.0.0.1:{upstream1}",
            ["server 127.0.0.1:5082"] = $"server 127.0.0.1:{upstream2}",
            ["listen 80;"] = $"listen 127.0.0.1:{http};",
            ["listen 443 ssl;"] = $"listen 127.0.0.1:{https} ssl;",
            ["/etc/ssl/certs/gis.example.cn.pem"] = certificate,
            ["/etc/ssl/private/gis.example.cn.key"] = key,
        });
        await File.WriteAllTextAsync(Path.Combine(folder, "spatial.conf"), site);
        // What Debian's /etc/nginx/nginx.conf gives a site, with every file in the test's folder. As root the
        // workers stay root: the folder is private to the test (mode 700).
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{(PgTools.IsRoot ? "user root;" : "")}}
            worker_processes 1;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 128; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/spatial.conf;
            }
            """);
        if (!start) return new NginxSite(folder, https, http, null);

        var info = new ProcessStartInfo(Nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
            info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        var nginx = new NginxSite(folder, https, http, process);
        await nginx.WaitListeningAsync();
        return nginx;
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"nginx exited {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {File.ReadAllText(Path.Combine(_folder, "error.log"))}");
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, HttpsPort);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A client of https://gis.example.cn/spatial/ through this nginx: the name resolved to 127.0.0.1, the test's certificate accepted.</summary>
    public HttpClient Client()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, HttpsPort, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=gis.example.cn" },
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        return new HttpClient(handler) { BaseAddress = new Uri("https://gis.example.cn/spatial/") };
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

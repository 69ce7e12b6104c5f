using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using NetTopologySuite.IO;
using Spatial.Api.Data;
using Spatial.Api.Features.Footprints;
using Spatial.Geo;

// `limits API [repeats]`: the most expensive bodies within the footprint limits, timed (bench/footprint-limits).
if (args is ["limits", var limitsApi, ..])
{
    await Spatial.Bench.WorstFootprints.RunAsync(limitsApi, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

// `map-tiles URL [runs]`: the map's overview over vector tiles in headless Chromium (bench/map-tiles.sh).
if (args is ["map-tiles", var mapApi, ..])
{
    await Spatial.Bench.MapTileTimings.RunAsync(mapApi, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

// `map-floor URL [rounds]`: the same moves on a bare Leaflet map and on the map with layer groups off (bench/map-tiles.sh).
if (args is ["map-floor", var floorApi, ..])
{
    await Spatial.Bench.MapFloor.RunAsync(floorApi, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

// `geojson [repeats]`: the GeoJSON reader and writer alone, in process (bench/results/geojson.md).
if (args is ["geojson", ..])
{
    Spatial.Bench.GeoJsonTimings.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30);
    return;
}

// Footprint-check benchmark: the same 1 000-vertex parcel through the API (HTTP, parsing, overlay, report)
// and through the overlay statement alone (Npgsql, one round trip), alternating, on the same database.
var api = args.Length > 0 ? args[0] : "http://127.0.0.1:5099";
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var connection = DatabaseSetup.ResolveConnectionString(new ConfigurationBuilder().AddEnvironmentVariables().Build());

// A 1 000-vertex circle of radius 500 m at the edge of 鸡冠区, drawn in its Gauss–Krüger plane.
var zone = GaussKrugerZone.ForLongitude(131.0);
var (cx, cy) = GaussKruger.Project(131.0, 45.32, zone);
var ring = Enumerable.Range(0, 1000).Select(i => GaussKruger.Unproject(cx + 500 * Math.Cos(2 * Math.PI * i / 1000), cy + 500 * Math.Sin(2 * Math.PI * i / 1000), zone)).ToList();
ring.Add(ring[0]);
var geojson = "{\"type\":\"Polygon\",\"coordinates\":[[" + string.Join(",", ring.Select(p => FormattableString.Invariant($"[{p.Longitude:R},{p.Latitude:R}]"))) + "]]}";
var (submission, rejection) = FootprintInput.Read("geojson", Encoding.UTF8.GetBytes(geojson), CrsReference.Crs84);
if (rejection is not null) throw new InvalidOperationException(rejection.Detail);
var wkb = submission!.Footprints.Select(f => new WKBWriter(ByteOrder.LittleEndian, handleSRID: false).Write(f.LonLat)).ToList();

await using var dataSource = DatabaseSetup.CreateDataSource(connection);
using var http = new HttpClient { BaseAddress = new Uri(api) };

async Task<double> Api()
{
    using var content = new StringContent(geojson, Encoding.UTF8);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync(new Uri("/footprint-checks", UriKind.Relative), content);
    await response.Content.ReadAsByteArrayAsync();
    response.EnsureSuccessStatusCode();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

async Task<double> Sql()
{
    var started = Stopwatch.GetTimestamp();
    await FootprintOverlay.ForSubmittedAsync(dataSource, wkb, new CheckOptions(), CancellationToken.None);
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

for (var i = 0; i < 20; i++) { await Api(); await Sql(); }
var apiTimes = new List<double>();
var sqlTimes = new List<double>();
for (var i = 0; i < requests; i++) { apiTimes.Add(await Api()); sqlTimes.Add(await Sql()); }

double P(List<double> xs, double q) { var s = xs.Order().ToList(); return s[(int)Math.Min(s.Count - 1, Math.Ceiling(q * s.Count) - 1)]; }
await using (var command = dataSource.CreateCommand("SELECT count(*) FROM projects"))
    Console.WriteLine(FormattableString.Invariant($"projects: {await command.ExecuteScalarAsync()}, parcel vertices: {ring.Count}, requests: {requests}"));
Console.WriteLine("| path | p50 ms | p99 ms | mean ms |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine(FormattableString.Invariant($"| POST /footprint-checks (HTTP, parse, overlay, report) | {P(apiTimes, 0.5):0.0} | {P(apiTimes, 0.99):0.0} | {apiTimes.Average():0.0} |"));
Console.WriteLine(FormattableString.Invariant($"| overlay SQL alone (Npgsql, same statement) | {P(sqlTimes, 0.5):0.0} | {P(sqlTimes, 0.99):0.0} | {sqlTimes.Average():0.0} |"));
Console.WriteLine(FormattableString.Invariant($"| ratio API / SQL | {P(apiTimes, 0.5) / P(sqlTimes, 0.5):0.00}× | {P(apiTimes, 0.99) / P(sqlTimes, 0.99):0.00}× | |"));

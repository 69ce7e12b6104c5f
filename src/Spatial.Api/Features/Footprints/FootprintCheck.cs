using NetTopologySuite.IO;
using Npgsql;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>Runs checks: submitted footprints, one stored project, or every stored project in one overlay.</summary>
public static class FootprintCheck
{
    public static async Task<FootprintReport> RunAsync(
        NpgsqlDataSource dataSource, FootprintSubmission submission, CheckOptions options, CancellationToken cancellationToken)
    {
        var writer = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false);
        var rows = await FootprintOverlay.ForSubmittedAsync(dataSource,
            submission.Footprints.Select(f => writer.Write(f.LonLat)).ToList(), options, cancellationToken);
        return FootprintReports.Build(submission, rows, options);
    }

    /// <summary>The stored projects' reports (one project, or all when <paramref name="projectId"/> is null).</summary>
    public static async Task<IReadOnlyList<(FootprintSubmission Submission, FootprintReport Report)>> RunStoredAsync(
        NpgsqlDataSource dataSource, string? projectId, CheckOptions options, CancellationToken cancellationToken)
    {
        var rows = await FootprintOverlay.ForStoredAsync(dataSource, projectId, options, cancellationToken);
        var results = new List<(FootprintSubmission, FootprintReport)>();
        foreach (var group in rows.GroupBy(r => r.Parcel))
        {
            var measure = group.Single(r => r.Kind == OverlayKind.Measure);
            var lonLat = new WKBReader(Geometries.LonLat.GeometryServices).Read(measure.Wkb);
            lonLat.SRID = Geometries.Cgcs2000;
            var zone = GaussKrugerZone.ForLongitude(lonLat.Centroid.X);
            // Each project is checked as parcel 1 of its own report.
            var footprint = new Footprint(1, measure.NameZh ?? measure.Id!, lonLat, GaussKruger.ToPlane(lonLat, zone), zone, false,
                ProjectId: measure.Id, Sector: measure.Info.Length > 1 ? measure.Info[1] : null);
            var submission = new FootprintSubmission("stored-project", null, CrsReference.Storage, [footprint], []);
            results.Add((submission, FootprintReports.Build(submission, group.Select(r => r with { Parcel = 1 }).ToList(), options)));
        }
        return results;
    }
}

using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Features.Counties;

/// <summary>Plain tables for agencies: per-county summaries, zones and plan-wide statistics (JSON or CSV).</summary>
public static class CountiesApi
{
    public static void MapCounties(this IEndpointRouteBuilder app)
    {
        var counties = app.MapGroup("").WithTags("Counties").UsesDatabase(RequestDeadlines.ReadOrExport).ReadsFromReplica();
        counties.MapGet("/counties/{code}/summary", CountySummary.Get).WithName("CountySummary")
            .WithSummary("Planting-zone area by category, parks, projects by sector, ecological areas of one county.");
        counties.MapGet("/counties/{code}/zones", CountyZones.Get).WithName("CountyZones")
            .WithSummary("Planting zones in or overlapping one county, with the area inside it.");
        counties.MapGet("/statistics/zones", ZoneStatistics.Get).WithName("ZoneStatistics")
            .WithSummary("Planting-zone areas across the plan area, grouped by county and/or category.");
    }
}

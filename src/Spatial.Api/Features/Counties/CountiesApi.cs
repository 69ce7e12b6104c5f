namespace Spatial.Api.Features.Counties;

/// <summary>Plain tables for agencies: per-county summaries, zones and plan-wide statistics (JSON or CSV).</summary>
public static class CountiesApi
{
    public static void MapCounties(this IEndpointRouteBuilder app)
    {
        app.MapGet("/counties/{code}/summary", CountySummary.Get).WithTags("Counties").WithName("CountySummary")
            .WithSummary("Planting-zone area by category, parks, projects by sector, ecological areas of one county.");
        app.MapGet("/counties/{code}/zones", CountyZones.Get).WithTags("Counties").WithName("CountyZones")
            .WithSummary("Planting zones in or overlapping one county, with the area inside it.");
        app.MapGet("/statistics/zones", ZoneStatistics.Get).WithTags("Counties").WithName("ZoneStatistics")
            .WithSummary("Planting-zone areas across the plan area, grouped by county and/or category.");
    }
}

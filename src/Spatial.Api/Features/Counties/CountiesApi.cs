using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Counties;

/// <summary>Plain tables for agencies: per-county summaries, zones and plan-wide statistics (JSON or CSV).</summary>
public static class CountiesApi
{
    public static void MapCounties(this IEndpointRouteBuilder app)
    {
        var counties = app.MapGroup("").WithTags("Counties").UsesDatabase(RequestDeadlines.ReadOrExport).ReadsFromReplica();
        var code = ApiParameter.Path("code", "county code (GB/T 2260), e.g. 230382");
        var format = ApiParameter.Query("f", "format (CSV: UTF-8 with BOM)", @enum: CountyRequests.Formats.Select(f => f.Code()).ToList());
        counties.MapGet("/counties/{code}/summary", CountySummary.Get).WithName("CountySummary")
            .WithSummary("Planting-zone area by category, parks, projects by sector, ecological areas of one county.")
            .Parameters(code, format).Answers(200, "OK", "application/json", "text/csv");
        counties.MapGet("/counties/{code}/zones", CountyZones.Get).WithName("CountyZones")
            .WithSummary("Planting zones in or overlapping one county, with the area inside it.")
            .Parameters(code, ApiParameter.Query("category", "zone category (the vocabulary's code)"), format).Answers(200, "OK", "application/json", "text/csv");
        counties.MapGet("/statistics/zones", ZoneStatistics.Get).WithName("ZoneStatistics")
            .WithSummary("Planting-zone areas across the plan area, grouped by county and/or category.")
            .Parameters(ApiParameter.Query("group-by", "county, category or county,category (default)"), format).Answers(200, "OK", "application/json", "text/csv");
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>Footprint checks for land officers: POST a boundary, check a stored project, or all of them.</summary>
public static class FootprintsApi
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly string[] CheckParameters = ["crs", "tolerance", "sector", "f"];

    public static IServiceCollection AddFootprints(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(_ => FootprintLimits.From(configuration));

    public static void MapFootprints(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("").WithTags("Footprints")
            .UsesDatabase(DatabaseWork.FootprintChecks).RequireRateLimiting(ClientConcurrency.ExpensivePolicy);
        checks.MapPost("/footprint-checks", Check).WithName("FootprintCheck")
            .WithSummary("Check a footprint (GeoJSON, WKT or land-parcel TXT): counties, parks, conflicts, areas, verdict.");
        checks.MapGet("/collections/projects/items/{projectId}/footprint-check", CheckProject)
            .WithName("ProjectFootprintCheck").WithSummary("The footprint check of a stored project.");
        checks.MapGet("/footprint-checks/projects", CheckAllProjects).WithName("AllProjectsFootprintCheck")
            .WithSummary("Every stored project's verdict, for the plan office.");
    }

    private static async Task<IResult> Check(HttpContext http, SpatialDatabase database, FootprintLimits limits, CancellationToken cancellationToken)
    {
        if (ReadOptions(http.Request, out var crs, out var options, out var html) is { } bad) return Problems.BadParameter(bad);
        var mediaType = http.Request.ContentType is { } ct ? ct.Split(';')[0].Trim() : null;
        if (FootprintInput.FormatOf(mediaType) is not { } format)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Content-Type '{mediaType ?? "(none)"}' is not read here; send one of {string.Join(", ", FootprintInput.AcceptedTypes)}");
        var (body, tooLarge) = await ReadBodyAsync(http.Request, cancellationToken);
        if (tooLarge)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"body: more than {FootprintInput.MaxBodyBytes / 1024 / 1024} MiB; split the file");
        var (submission, rejection) = FootprintInput.Read(format, body, crs, limits);
        if (rejection is not null)
            return TypedResults.Problem(statusCode: rejection.Status, title: rejection.Title, detail: rejection.Detail, extensions: rejection.Extensions);
        var report = await FootprintCheck.RunAsync(database.For(http), submission!, options, cancellationToken);
        return html ? new FootprintHtml(report) : TypedResults.Json(report, Json);
    }

    private static async Task<IResult> CheckProject(string projectId, HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        if (ReadOptions(http.Request, out _, out var options, out var html, allowed: ["tolerance", "f"]) is { } bad) return Problems.BadParameter(bad);
        var results = await FootprintCheck.RunStoredAsync(dataSource, projectId, options, cancellationToken);
        if (results.Count == 0)
        {
            await using var command = dataSource.CreateCommand("SELECT location_note FROM projects WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = projectId });
            return await command.ExecuteScalarAsync(cancellationToken) switch
            {
                null => Problems.NotFound($"Collection projects has no feature '{projectId}'."),
                var note => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "No footprint",
                    detail: $"Project {projectId} has no geometry to check ({note as string ?? "no site"})."),
            };
        }
        var report = results[0].Report;
        return html ? new FootprintHtml(report) : TypedResults.Json(report, Json);
    }

    public sealed record ProjectVerdict(string Id, string NameZh, string Verdict, IReadOnlyList<Reason> Reasons);

    public sealed record ProjectsSummary(int Checked, int Pass, int Warn, int Fail, IReadOnlyList<ProjectVerdict> Projects, IReadOnlyList<string> NotChecked);

    private static async Task<IResult> CheckAllProjects(HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        if (ReadOptions(http.Request, out _, out var options, out _, allowed: ["tolerance", "f"], allowCsv: true) is { } bad)
            return Problems.BadParameter(bad);
        var csv = http.Request.Query["f"] == "csv";
        var results = await FootprintCheck.RunStoredAsync(dataSource, null, options with { IncludeGeometry = false }, cancellationToken);
        var verdicts = results.Select(r => new ProjectVerdict(r.Report.Parcels[0].ProjectId!, r.Report.Parcels[0].Label, r.Report.Verdict, r.Report.Reasons))
            .ToList();
        var notChecked = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM projects WHERE geom IS NULL ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) notChecked.Add(reader.GetString(0));
        if (csv)
            return new CsvResult("项目选址核查.csv", ["项目编号 id", "项目名称 name", "结论 verdict", "原因代码 reasons", "说明"],
                verdicts.Select(v => (IReadOnlyList<object?>)[v.Id, v.NameZh, v.Verdict, string.Join(' ', v.Reasons.Select(r => r.Code).Distinct()),
                    string.Join("；", v.Reasons.Select(r => r.MessageZh))]));
        return TypedResults.Json(new ProjectsSummary(verdicts.Count, verdicts.Count(v => v.Verdict == "pass"), verdicts.Count(v => v.Verdict == "warn"),
            verdicts.Count(v => v.Verdict == "fail"), verdicts, notChecked), Json);
    }

    private static readonly string[] Sectors =
        ["biomedicine", "bio_agriculture", "bio_energy", "bio_manufacturing", "bio_environmental", "biomedical_engineering", "bio_services"];

    private static ParameterError? ReadOptions(HttpRequest request, out CrsReference crs, out CheckOptions options, out bool html,
        IReadOnlyCollection<string>? allowed = null, bool allowCsv = false)
    {
        crs = CrsReference.Crs84;
        options = new CheckOptions();
        html = false;
        allowed ??= CheckParameters;
        foreach (var key in request.Query.Keys)
            if (!allowed.Contains(key)) return new ParameterError(key, $"unknown parameter; this resource takes {string.Join(", ", allowed)}");
        if (request.Query.TryGetValue("crs", out var crsValue))
        {
            if (CrsReference.Parse(crsValue.ToString()) is not { } asked) return new ParameterError("crs", $"'{crsValue}' is not a supported CRS");
            crs = asked;
        }
        if (request.Query.TryGetValue("tolerance", out var t))
        {
            // Written as a range test so NaN (which TryParse accepts) is refused too.
            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var tolerance) || tolerance is not (>= 0 and <= 10_000))
                return new ParameterError("tolerance", $"'{t}' is not an area in m² from 0 to 10000");
            options = options with { ToleranceM2 = tolerance };
        }
        if (request.Query.TryGetValue("sector", out var sector))
        {
            if (!Sectors.Contains(sector.ToString())) return new ParameterError("sector", $"'{sector}' is not a sector; use one of {string.Join(", ", Sectors)}");
            options = options with { Sector = sector.ToString() };
        }
        switch (request.Query["f"].ToString())
        {
            case "" or "json": break;
            case "html" when !allowCsv: html = true; break;
            case "csv" when allowCsv: break;
            case var f: return new ParameterError("f", $"'{f}' is not offered; use json or {(allowCsv ? "csv" : "html")}");
        }
        return null;
    }

    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > FootprintInput.MaxBodyBytes) return ([], true);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > FootprintInput.MaxBodyBytes) return ([], true);
        }
        return (buffer.ToArray(), false);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Features.Editing;
using Spatial.Api.Features.Vocabulary;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>Footprint checks for land officers: POST a boundary, check a stored project, or all of them.</summary>
public static class FootprintsApi
{
    private static readonly string[] CheckParameters = ["crs", "tolerance", "sector", "f", HtmlNegotiation.LanguageParameter];
    private static readonly string[] ProjectCheckParameters = ["crs", "tolerance", "f", HtmlNegotiation.LanguageParameter];
    private static readonly string[] StoredCheckParameters = ["tolerance", "f"];
    private static readonly OutputFormat[] ReportFormats = [OutputFormat.Json, OutputFormat.Html];
    private static readonly OutputFormat[] SummaryFormats = [OutputFormat.Json, OutputFormat.Csv];

    public static IServiceCollection AddFootprints(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(_ => FootprintLimits.From(configuration));

    public static void MapFootprints(this IEndpointRouteBuilder app)
    {
        var checks = app.MapGroup("").WithTags("Footprints")
            .UsesDatabase(DatabaseWork.FootprintChecks).ReadsFromReplica().RequireRateLimiting(ClientConcurrency.ExpensivePolicy);
        checks.MapPost("/footprint-checks", Check).WithName("FootprintCheck")
            .WithSummary("Check a footprint (land-parcel TXT, GeoJSON or WKT, raw or as the part 'file' of multipart/form-data): " +
                "counties, parks, conflicts, areas, verdict; f=html is the printable report (lang=en for English first).")
            .ReadsBody([.. FootprintInput.AcceptedTypes, "multipart/form-data"])
            .Parameters(FootprintDocumentation.ContentCrs, FootprintDocumentation.Crs, FootprintDocumentation.Tolerance, FootprintDocumentation.Sector,
                FootprintDocumentation.ReportFormat, HtmlNegotiation.LanguageDocumented)
            .Answers(200, "The report (f=html: the printable report)", "application/json", "text/html")
            .Problem(413, "The body or its parcels past the limits").Problem(415, "Unsupported media type")
            .Problem(422, "Not a footprint: the problem names the line, ring or position");
        checks.MapGet("/collections/projects/items/{projectId}/footprint-check", CheckProject)
            .WithName("ProjectFootprintCheck").WithSummary("The footprint check of a stored project.")
            .Parameters(ApiParameter.Path("projectId", "project id, e.g. JX-28"), FootprintDocumentation.Crs, FootprintDocumentation.Tolerance,
                FootprintDocumentation.ReportFormat, HtmlNegotiation.LanguageDocumented)
            .Answers(200, "The report (f=html: the printable report)", "application/json", "text/html");
        checks.MapGet("/footprint-checks/projects", CheckAllProjects).WithName("AllProjectsFootprintCheck")
            .WithSummary("Every stored project's verdict, for the plan office.")
            .Parameters(FootprintDocumentation.Tolerance, ApiParameter.Query("f", "format (CSV: UTF-8 with BOM)", @enum: SummaryFormats.Select(f => f.Code()).ToList()))
            .Answers(200, "OK", "application/json", "text/csv");
    }

    private static async Task<IResult> Check(HttpContext http, SpatialDatabase database, FootprintLimits limits, CancellationToken cancellationToken)
    {
        var (bad, crs, options, output, language) = await ReadOptionsAsync(http.Request, database.For(http), CheckParameters, ReportFormats, cancellationToken);
        if (bad is not null) return Problems.BadParameter(bad);
        var checkedAt = DateTimeOffset.UtcNow;
        var mediaType = http.Request.ContentType is { } ct ? ct.Split(';')[0].Trim().ToLowerInvariant() : null;
        var content = http.Request.Body;
        var fileName = ContentDispositionHeaderValue.TryParse(http.Request.Headers.ContentDisposition.ToString(), out var disposition)
            ? MultipartFile.FileNameOf(disposition) : null;
        string? format;
        MultipartFile? filePart = null;
        if (mediaType == "multipart/form-data")
        {
            try
            {
                filePart = await MultipartFile.FindAsync(http.Request, "file", cancellationToken);
            }
            catch (MultipartFormException e)
            {
                return Problems.BadParameter(new ParameterError("body", e.Message["body: ".Length..]));
            }
            if (filePart is not { } part) return Problems.BadParameter(new ParameterError("file", "the form has no part named 'file' (the footprint file)"));
            (content, fileName) = (part.Body, part.FileName);
            format = FootprintInput.FormatOf(part.MediaType) ?? FootprintInput.FormatOfFileName(part.FileName);
            if (format is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                    detail: $"file: '{part.FileName ?? "(no name)"}' ({part.MediaType ?? "no type"}) is not read here; send a .txt, .geojson, .json or .wkt file");
        }
        else if ((format = FootprintInput.FormatOf(mediaType)) is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Content-Type '{mediaType ?? "(none)"}' is not read here; send one of {string.Join(", ", FootprintInput.AcceptedTypes)} or multipart/form-data with a part 'file'");
        var (bodyCrs, badBodyCrs, bodyCrsParameter) = BodyCrs(http.Request, crs);
        if (badBodyCrs is not null) return badBodyCrs;
        byte[] body;
        bool tooLarge;
        ParameterError? secondFile = null;
        try
        {
            (body, tooLarge) = await ReadBodyAsync(content, http.Request.ContentLength, cancellationToken);
            if (!tooLarge && filePart is not null) secondFile = await filePart.RefuseAnotherAsync(cancellationToken);
        }
        catch (IOException) when (mediaType == "multipart/form-data" && !cancellationToken.IsCancellationRequested)
        {
            return Problems.BadParameter(new ParameterError("body", "the form ends inside its part 'file', before the closing boundary"));
        }
        catch (MultipartFormException e)
        {
            return Problems.BadParameter(new ParameterError("body", e.Message["body: ".Length..]));
        }
        if (tooLarge)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
                detail: $"body: more than {FootprintInput.MaxBodyBytes / 1024 / 1024} MiB; split the file");
        if (secondFile is not null) return Problems.BadParameter(secondFile);
        var (submission, rejection) = FootprintInput.Read(format, body, bodyCrs!, limits, bodyCrsParameter);
        if (rejection is not null)
            return TypedResults.Problem(statusCode: rejection.Status, title: rejection.Title, detail: rejection.Detail, extensions: rejection.Extensions);
        var report = await FootprintCheck.RunAsync(database.For(http), submission!, options with { ResponseCrs = crs, Drawing = output == OutputFormat.Html }, cancellationToken);
        return Answer(http, report, output, crs, new ReportHeader(checkedAt, fileName, language));
    }

    private static async Task<IResult> CheckProject(string projectId, HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        var (bad, crs, options, format, language) = await ReadOptionsAsync(http.Request, dataSource, ProjectCheckParameters, ReportFormats, cancellationToken);
        if (bad is not null) return Problems.BadParameter(bad);
        var results = await FootprintCheck.RunStoredAsync(dataSource, projectId, options with { ResponseCrs = crs, Drawing = format == OutputFormat.Html }, cancellationToken);
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
        return Answer(http, results[0].Report, format, crs, new ReportHeader(DateTimeOffset.UtcNow, null, language));
    }

    /// <summary>The report for people, or its JSON with Content-Crs naming the CRS of its outlines and overlaps.</summary>
    private static IResult Answer(HttpContext http, FootprintReport report, OutputFormat format, CrsReference crs, ReportHeader header)
    {
        if (format == OutputFormat.Html) return new FootprintHtml(report, header);
        http.Response.Headers["Content-Crs"] = $"<{crs.Uri}>";
        return TypedResults.Json(report, JsonOutput.SnakeCase);
    }

    /// <summary>
    /// The CRS of a GeoJSON or WKT body: Content-Crs, as for every body the service reads (OGC API – Features Part 2).
    /// Without it the body is in <c>crs</c> — what <c>crs</c> said before it named the response's CRS, so a client that sends
    /// Gauss–Krüger coordinates with <c>?crs=</c> still has them read so, and gets its answer in the same CRS.
    /// </summary>
    private static (CrsReference? Crs, IResult? Problem, string Parameter) BodyCrs(HttpRequest request, CrsReference responseCrs)
    {
        if (!request.Headers.ContainsKey(FeatureRequestBody.ContentCrs)) return (responseCrs, null, "crs");
        var (crs, problem) = FeatureRequestBody.Crs(request);
        return (crs, problem, FeatureRequestBody.ContentCrs);
    }

    public sealed record ProjectVerdict(string Id, string NameZh, Verdict Verdict, IReadOnlyList<Reason> Reasons);

    public sealed record ProjectsSummary(int Checked, int Pass, int Warn, int Fail, IReadOnlyList<ProjectVerdict> Projects, IReadOnlyList<string> NotChecked);

    private static async Task<IResult> CheckAllProjects(HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        var (bad, _, options, format, _) = await ReadOptionsAsync(http.Request, dataSource, StoredCheckParameters, SummaryFormats, cancellationToken);
        if (bad is not null) return Problems.BadParameter(bad);
        var results = await FootprintCheck.RunStoredAsync(dataSource, null, options with { IncludeGeometry = false }, cancellationToken);
        var verdicts = results.Select(r => new ProjectVerdict(r.Report.Parcels[0].ProjectId!, r.Report.Parcels[0].Label, r.Report.Verdict, r.Report.Reasons))
            .ToList();
        var notChecked = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT id FROM projects WHERE geom IS NULL ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) notChecked.Add(reader.GetString(0));
        if (format == OutputFormat.Csv)
            return new CsvResult("项目选址核查.csv", ["项目编号 id", "项目名称 name", "结论 verdict", "原因代码 reasons", "说明"],
                verdicts.Select(v => (IReadOnlyList<object?>)[v.Id, v.NameZh, v.Verdict.Code(), string.Join(' ', v.Reasons.Select(r => r.Code).Distinct()),
                    string.Join("；", v.Reasons.Select(r => r.MessageZh))]));
        return TypedResults.Json(new ProjectsSummary(verdicts.Count, verdicts.Count(v => v.Verdict == Verdict.Pass), verdicts.Count(v => v.Verdict == Verdict.Warn),
            verdicts.Count(v => v.Verdict == Verdict.Fail), verdicts, notChecked), JsonOutput.SnakeCase);
    }

    private sealed record CheckParameterValues(ParameterError? Error, CrsReference Crs, CheckOptions Options, OutputFormat Format, Language Language);

    /// <summary>The parameters of a check, in the order they are refused: names, crs, tolerance, sector (from the database), f, lang.</summary>
    private static async Task<CheckParameterValues> ReadOptionsAsync(HttpRequest request, NpgsqlDataSource dataSource,
        IReadOnlyCollection<string> allowed, OutputFormat[] formats, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var options = new CheckOptions();
        CheckParameterValues Refused(ParameterError error) => new(error, CrsReference.Crs84, options, formats[0], Language.Chinese);
        if (ParameterChecks.OnlyKnown(query, allowed) is { } unknown) return Refused(unknown);
        if (ParameterChecks.Crs(query, "crs", out var crs) is { } badCrs) return Refused(badCrs);
        if (ParameterChecks.Tolerance("tolerance", ParameterChecks.Single(query, "tolerance"), out var tolerance) is { } badTolerance)
            return Refused(badTolerance);
        if (tolerance is { } m2) options = options with { ToleranceM2 = m2 };
        var sector = ParameterChecks.Single(query, "sector");
        if (await Vocabularies.CheckAsync(dataSource, CodeList.Sectors, "sector", sector, cancellationToken) is { } badSector) return Refused(badSector);
        options = options with { Sector = sector };
        if (ParameterChecks.Format(query, formats, out var format) is { } badFormat) return Refused(badFormat);
        if (HtmlNegotiation.Language(query, out var language) is { } badLanguage) return Refused(badLanguage);
        return new(null, crs, options, format, language);
    }

    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        // A form carries a little more than its file: its own length is bounded only with room for that.
        if (contentLength > FootprintInput.MaxBodyBytes + 64 * 1024) return ([], true);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > FootprintInput.MaxBodyBytes) return ([], true);
        }
        return (buffer.ToArray(), false);
    }
}

using System.Globalization;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Imports;

/// <summary>POST /collections/{id}/imports, the import resources, their CSV reports and reverts.</summary>
public static class ImportsApi
{
    public static IServiceCollection AddImports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => ImportSettings.From(configuration));
        services.AddSingleton<ImportRunner>();
        services.AddSingleton<ImportJobs>();
        return services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
    }

    public static void MapImports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/collections/{collectionId}/imports", Post).WithTags("Imports").UsesDatabase(DatabaseWork.Imports).WithName("ImportFeatures")
            .WithSummary("Import a file (GeoJSON, zipped Shapefile, GeoPackage, KML/KMZ, DXF, land-parcel TXT, CSV, XLSX) into an editable collection: " +
                "raw with its media type, or the part 'file' of multipart/form-data.")
            .ReadsBody([.. ImportFormats.AcceptedTypes]).Parameters(ImportsDocumentation.Import)
            .Answers(200, "Dry run: the import and its report", "application/json")
            .Answers(201, "Imported: the import and its report (Location)", "application/json")
            .Answers(202, "Accepted: running in the background; poll Location", "application/json")
            .Problem(413, "File too large, or a zip unpacking past the limit")
            .Problem(422, "Rejected: nothing written; the report names every reason").WithCredentials();
        var imports = app.MapGroup("/imports").WithTags("Imports").UsesDatabase(DatabaseWork.Reads).WithCredentials();
        imports.MapGet("", ImportList.Get).WithName("Imports").WithSummary("Imports, newest first (an administrator's all, anyone else's own).")
            .Parameters(ImportsDocumentation.List);
        imports.MapGet("/{importId}", Get).WithName("Import")
            .WithSummary("An import: status, counts (done moving on while it runs), encoding and CRS used, unknown fields, the report per feature; a failed one its problem (the parameter at fault).")
            .Parameters(ImportsDocumentation.ImportId);
        imports.MapGet("/{importId}/report.csv", Report).WithName("ImportReport").WithSummary("An import's report, one row per feature (UTF-8 with BOM).")
            .Parameters(ImportsDocumentation.ImportId).Answers(200, "OK", "text/csv");
        imports.MapPost("/{importId}/revert", ImportRevert.Post).UsesDatabase(DatabaseWork.Imports).WithName("RevertImport")
            .WithSummary("Administrators: undo an import as one changeset (X-Change-Reason required; 409 when a feature changed since).")
            .Parameters(ImportsDocumentation.ImportId, Editing.EditingDocumentation.Reason with { Required = true })
            .Problem(409, "A feature of the import changed since");
    }

    public static async Task<IResult> Post(string collectionId, HttpContext http, ImportRunner runner, ImportJobs jobs, ImportSettings settings)
    {
        var cancellationToken = http.RequestAborted;
        var (target, refusal) = await EditTarget.OpenAsync(http, collectionId, "import into");
        if (target is null) return refusal!;
        var (layer, editor) = (target.Layer, target.Editor);
        await target.DisposeAsync();

        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        var (parameters, bad) = ImportParameters.Read(query, layer.Columns.Select(c => c.Name).ToList(), layer.ServedOnly);
        if (bad is not null) return Problems.BadParameter(bad);
        SpooledFile? file = null;
        try
        {
            file = await ImportUpload.SpoolAsync(http.Request, settings, cancellationToken);
            var format = ImportFormats.Recognise(file, settings);
            var job = new ImportJob(layer, editor, format, file, parameters!);
            job.Id = await ImportStore.CreateAsync(runner.Pool, job, cancellationToken);
            file = null; // the job owns it now
            var location = Links.To(http.Request, "/imports/" + job.Id.ToString(CultureInfo.InvariantCulture));
            if (RespondAsync(http.Request) || job.File.Bytes > settings.AsyncAboveBytes)
            {
                jobs.Start(job);
                http.Response.Headers["Preference-Applied"] = "respond-async";
                return await ResourceAsync(http, runner, job.Id, StatusCodes.Status202Accepted, location);
            }
            var outcome = await runner.RunAsync(job, cancellationToken);
            if (outcome.Refusal is { } failed)
            {
                http.Response.Headers.Location = location;
                return failed.ToProblem(new Dictionary<string, object?> { ["import"] = location });
            }
            var status = outcome.Status switch
            {
                ImportStatus.Rejected => StatusCodes.Status422UnprocessableEntity,
                _ when parameters!.DryRun => StatusCodes.Status200OK,
                _ => StatusCodes.Status201Created,
            };
            return await ResourceAsync(http, runner, job.Id, status, location);
        }
        catch (ImportRefusedException refused)
        {
            return refused.ToProblem();
        }
        finally
        {
            file?.Dispose();
        }
    }

    private static bool RespondAsync(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? "").Split(',')).Any(p => p.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase));

    private static async Task<IResult> ResourceAsync(HttpContext http, ImportRunner runner, long id, int status, string location)
    {
        await using var connection = await runner.Pool.OpenConnectionAsync(http.RequestAborted);
        var row = (await ImportRow.FindAsync(connection, id, withFeatures: true, http.RequestAborted))!;
        http.Response.StatusCode = status;
        return new JsonDocumentResult("application/json", w => row.Write(w, http.Request), h =>
        {
            h.Location = location;
            h.CacheControl = "no-store";
        });
    }

    /// <summary>The import, when this editor may read it: 401 without credentials, 403 for someone else's, 404 for none.</summary>
    internal static async Task<(ImportRow? Row, Editor? Editor, IResult? Refusal)> ReadableAsync(HttpContext http, SpatialDatabase database, string importId, bool withFeatures)
    {
        if (Authorization.Authenticate(http, out var editor) is { } unauthenticated) return (null, null, unauthenticated);
        if (!long.TryParse(importId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return (null, editor, Problems.NotFound($"There is no import '{importId}'."));
        await using var connection = await database.For(http).OpenConnectionAsync(http.RequestAborted);
        var row = await ImportRow.FindAsync(connection, id, withFeatures, http.RequestAborted);
        if (row is null) return (null, editor, Problems.NotFound($"There is no import {id}."));
        if (!row.ReadableBy(editor!)) return (null, editor, Authorization.Forbidden(editor!, $"read import {id} (it is {row.User}'s; administrators read every import)"));
        return (row, editor, null);
    }

    public static async Task<IResult> Get(string importId, HttpContext http, SpatialDatabase database)
    {
        var (row, _, refusal) = await ReadableAsync(http, database, importId, withFeatures: true);
        if (row is null) return refusal!;
        return new JsonDocumentResult("application/json", w => row.Write(w, http.Request), h => h.CacheControl = "no-store");
    }

    public static async Task<IResult> Report(string importId, HttpContext http, SpatialDatabase database)
    {
        var (row, _, refusal) = await ReadableAsync(http, database, importId, withFeatures: true);
        if (row is null) return refusal!;
        return new CsvResult($"import-{row.Id}-{row.Collection}.csv", ImportRow.ReportHeader, row.ReportRows());
    }
}

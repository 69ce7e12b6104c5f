using System.Globalization;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Exports;

/// <summary>
/// Makes the file, then sends it with its name (Content-Disposition) and CRS (Content-Crs) — a HEAD gets those headers alone; the folder it was made
/// in is removed whichever way this ends. A refused export is a 400, a full house a 503 with Retry-After, a
/// failed conversion a 500 with GDAL's message (no server paths), a conversion past its deadline a 503.
/// </summary>
internal sealed partial class FileExportResult(ExportRequest export) : IResult
{
    private const int BusyRetryAfterSeconds = 10;

    public async Task ExecuteAsync(HttpContext http)
    {
        if (HttpMethods.IsHead(http.Request.Method))
        {
            AnswerHead(http.Response);
            return;
        }
        var services = http.RequestServices;
        var slots = services.GetRequiredService<ExportSlots>();
        if (!slots.TryEnter())
        {
            await Problems.Unavailable(http, "Exports busy", string.Create(CultureInfo.InvariantCulture,
                $"{slots.Count} export(s) are being made, as many as this server makes at once; this one was not started. Try again shortly."), BusyRetryAfterSeconds);
            return;
        }
        var logger = services.GetRequiredService<ILogger<FileExportResult>>();
        try
        {
            var exporter = new Exporter(services.GetRequiredService<SpatialDatabase>().For(http), services.GetRequiredService<ExportOptions>(),
                services.GetRequiredService<DatabaseWorkOptions>().Exports.Deadline);
            var (file, refusal) = await exporter.RunAsync(export, http.RequestAborted);
            if (file is null)
            {
                await Refuse(refusal!).ExecuteAsync(http);
                return;
            }
            using (file)
            {
                if (file.Warnings.Length > 0) LogWarnings(logger, export.Items.Collection.Id, file.Format.Title, file.Warnings);
                var response = http.Response;
                WriteFileHeaders(response, file.Format, file.FileName, file.Crs);
                await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                response.ContentLength = stream.Length;
                await stream.CopyToAsync(response.Body, http.RequestAborted);
            }
        }
        catch (ExportConversionException e)
        {
            LogFailure(logger, e, export.Items.Collection.Id, export.File.Title, http.TraceIdentifier);
            await Problems.WriteAsync(http, StatusCodes.Status500InternalServerError, "Export failed",
                $"The {export.File.Title} could not be made. {e.Message} Quote trace id {http.TraceIdentifier} when reporting this.");
        }
        catch (ExportDeadlineException e)
        {
            await Problems.Unavailable(http, "Deadline exceeded", e.Message + " Narrow the export (bbox, filter) or try again later.", 5);
        }
        finally
        {
            slots.Leave();
        }
    }

    /// <summary>
    /// HEAD: what GET would send before its file, without making it — no slot, no query, no ogr2ogr. A download
    /// manager asks to learn the name and type; making a file of up to MaxFeatures features only to drop it would
    /// cost as much as the download. The headers known only once the file is made are left out (RFC 9110 §9.3.2):
    /// Content-Length, and Content-Crs of a DXF without crs (the zone of the data). A GET can still refuse what the
    /// data decides (more features than an export holds).
    /// </summary>
    private void AnswerHead(HttpResponse response)
    {
        var fileName = export.Items.Collection.Id + export.File.Extension;
        WriteFileHeaders(response, export.File, fileName, export.Crs);
    }

    private static void WriteFileHeaders(HttpResponse response, FileFormat format, string fileName, CrsReference? crs)
    {
        response.ContentType = format.MediaType;
        response.Headers.ContentDisposition = ContentDisposition.Attachment(fileName);
        if (crs is not null) response.Headers["Content-Crs"] = $"<{crs.Uri}>";
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(ExportRefusal refusal)
    {
        var extensions = new Dictionary<string, object?>();
        if (refusal.Parameter is not null) extensions["parameter"] = refusal.Parameter;
        if (refusal.Limit is not null) extensions["limit"] = refusal.Limit;
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: refusal.Title, detail: refusal.Detail, extensions: extensions);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export of {Collection} as {Format}: GDAL warned: {Warnings}")]
    private static partial void LogWarnings(ILogger logger, string collection, string format, string warnings);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export of {Collection} as {File} failed id={RequestId}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string collection, string file, string requestId);
}

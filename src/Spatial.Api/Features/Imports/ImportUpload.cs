using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// An uploaded file spooled to a private directory of its own (mode 700) — never held in memory. The
/// directory also takes what is unpacked from it; disposing removes it, on every path.
/// </summary>
public sealed class SpooledFile : IDisposable
{
    private SpooledFile(string directory, string path, string? declaredType, string? fileName)
    {
        Directory = directory;
        Path = path;
        DeclaredType = declaredType;
        FileName = fileName;
    }

    public string Directory { get; }
    public string Path { get; }
    public long Bytes => new FileInfo(Path).Length;
    public string? DeclaredType { get; }
    public string? FileName { get; }

    public static SpooledFile Create(ImportSettings settings, string? declaredType, string? fileName)
    {
        var root = settings.SpoolDirectory ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spatial-imports");
        System.IO.Directory.CreateDirectory(root);
        var directory = System.IO.Path.Combine(root, Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(directory);
        else System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new SpooledFile(directory, System.IO.Path.Combine(directory, "upload"), declaredType, fileName);
    }

    /// <summary>Copies <paramref name="body"/> to the spool, refusing past <paramref name="maxBytes"/>.</summary>
    public async Task FillAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes) throw ImportRefusedException.TooLarge(TooLargeDetail(maxBytes));
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        if (total == 0) throw ImportRefusedException.Unreadable("file: the file is empty");
    }

    public static string TooLargeDetail(long maxBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"file: more than {maxBytes / 1024 / 1024} MiB (Spatial:Imports:MaxUploadBytes)");

    /// <summary>The first bytes of the file, for recognising its format.</summary>
    public byte[] Head(int count = 4096)
    {
        using var file = File.OpenRead(Path);
        var head = new byte[Math.Min(count, file.Length)];
        file.ReadExactly(head);
        return head;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // already gone
        }
    }
}

/// <summary>Reads an import's body: the raw file with its media type, or the part <c>file</c> of a multipart/form-data form.</summary>
public static class ImportUpload
{
    public static async Task<SpooledFile> SpoolAsync(HttpRequest request, ImportSettings settings, CancellationToken cancellationToken)
    {
        // Kestrel's own limit (30 MB) would cut a large upload with a bare 413 before our problem could say why.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = settings.MaxUploadBytes + 1024 * 1024;
        if (request.ContentLength > settings.MaxUploadBytes + 1024 * 1024) throw ImportRefusedException.TooLarge(SpooledFile.TooLargeDetail(settings.MaxUploadBytes));
        var mediaType = Editing.FeatureRequestBody.MediaType(request);
        if (mediaType != "multipart/form-data")
        {
            var raw = SpooledFile.Create(settings, mediaType, null);
            try
            {
                await raw.FillAsync(request.Body, settings.MaxUploadBytes, cancellationToken);
                return raw;
            }
            catch
            {
                raw.Dispose();
                throw;
            }
        }
        MultipartFile? part;
        try
        {
            part = await MultipartFile.FindAsync(request, "file", cancellationToken);
        }
        catch (MultipartFormException e)
        {
            throw ImportRefusedException.Unreadable(e.Message);
        }
        if (part is not null)
        {
            var spooled = SpooledFile.Create(settings, part.MediaType, part.FileName);
            try
            {
                await spooled.FillAsync(part.Body, settings.MaxUploadBytes, cancellationToken);
                if (await RefuseAnotherAsync(part, cancellationToken) is { } second) throw ImportRefusedException.Needs(second.Parameter, second.Reason);
                return spooled;
            }
            catch
            {
                spooled.Dispose();
                throw;
            }
        }
        throw ImportRefusedException.Needs("file", "the form has no part named 'file'");
    }

    private static async Task<ParameterError?> RefuseAnotherAsync(MultipartFile part, CancellationToken cancellationToken)
    {
        try
        {
            return await part.RefuseAnotherAsync(cancellationToken);
        }
        catch (MultipartFormException e)
        {
            throw ImportRefusedException.Unreadable(e.Message);
        }
    }
}

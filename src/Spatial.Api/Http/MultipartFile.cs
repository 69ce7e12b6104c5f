using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Spatial.Api.Http;

/// <summary>A file sent as one part of a multipart/form-data form: its bytes as they arrive, its media type, its name.</summary>
public sealed class MultipartFile
{
    private readonly MultipartReader _form;
    private readonly string _partName;
    private readonly int _position;

    private MultipartFile(MultipartReader form, string partName, int position, Stream body, string? mediaType, string? fileName)
    {
        (_form, _partName, _position) = (form, partName, position);
        (Body, MediaType, FileName) = (body, mediaType, fileName);
    }

    public Stream Body { get; }
    public string? MediaType { get; }
    public string? FileName { get; }

    /// <summary>
    /// The part named <paramref name="partName"/> of the request's form, or null when the form has none. A form that
    /// cannot be read is a <see cref="MultipartFormException"/> whose message says why, starting "body: ".
    /// </summary>
    public static async Task<MultipartFile?> FindAsync(HttpRequest request, string partName, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
            throw new MultipartFormException("body: the Content-Type of the form is not a readable media type");
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary)) throw new MultipartFormException("body: multipart/form-data without a boundary");
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var position = 0;
        while (await ReadSectionAsync(reader, cancellationToken) is { } section)
        {
            position++;
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value?.Trim('"') != partName)
                continue;
            var type = MediaTypeHeaderValue.TryParse(section.ContentType, out var t) ? t.MediaType.Value?.ToLowerInvariant() : null;
            return new MultipartFile(reader, partName, position, section.Body, type, FileNameOf(disposition));
        }
        return null;
    }

    /// <summary>
    /// Once <see cref="Body"/> is read: the rest of the form, and a refusal naming the part when it comes again —
    /// which of two files was meant is not for the server to guess.
    /// </summary>
    public async Task<ParameterError?> RefuseAnotherAsync(CancellationToken cancellationToken)
    {
        var position = _position;
        while (await ReadSectionAsync(_form, cancellationToken) is { } section)
        {
            position++;
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.Name.Value?.Trim('"') == _partName)
                return new ParameterError(_partName, $"the form has a second part named '{_partName}' (parts {_position} and {position}); send one file per request");
        }
        return null;
    }

    /// <summary>The file name of a Content-Disposition (<c>filename*</c> before <c>filename</c>), without any directory; null when it has none.</summary>
    public static string? FileNameOf(ContentDispositionHeaderValue disposition)
    {
        var name = (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value)?.Trim('"');
        return name is { Length: > 0 } ? Path.GetFileName(name) is { Length: > 0 } file ? file : null : null;
    }

    private static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new MultipartFormException($"body: not a readable multipart/form-data form ({e.Message})");
        }
    }
}

/// <summary>A multipart/form-data body that cannot be read; the message names the cause.</summary>
public sealed class MultipartFormException(string message) : Exception(message);

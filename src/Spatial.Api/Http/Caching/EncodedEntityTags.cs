using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Spatial.Api.Http.Caching;

/// <summary>
/// A content coding makes other bytes, so a compressed body gets a strong ETag of its own (RFC 9110 §8.8.3): the
/// endpoint's tag with <c>-br</c> or <c>-gzip</c> inside the quotes. Coming back in If-None-Match or If-Match, the
/// suffix is taken off before an endpoint compares, and a 304 names the tag the client holds. Weak tags stay as they
/// are: a weak validator may be shared by the codings of one representation.
/// </summary>
public static class EncodedEntityTags
{
    private static readonly string[] Codings = ["br", "gzip"];

    public static WebApplication UseEncodedEntityTags(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            var held = Unsuffix(http.Request.Headers, HeaderNames.IfNoneMatch);
            Unsuffix(http.Request.Headers, HeaderNames.IfMatch);
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                if (StringValues.IsNullOrEmpty(headers.ETag)) return Task.CompletedTask;
                if (!headers.Vary.ToString().Contains(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase))
                    headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                var etag = headers.ETag.ToString();
                if (etag.StartsWith("W/", StringComparison.Ordinal)) return Task.CompletedTask;
                if (Codings.Contains(headers.ContentEncoding.ToString())) headers.ETag = WithCoding(etag, headers.ContentEncoding.ToString());
                else if (http.Response.StatusCode == StatusCodes.Status304NotModified && held.TryGetValue(etag, out var clientTag)) headers.ETag = clientTag;
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    public static string WithCoding(string etag, string coding) => etag[..^1] + "-" + coding + "\"";

    /// <summary>Takes the codings' suffixes off the header's strong tags; returns each such tag by the one it became.</summary>
    private static Dictionary<string, string> Unsuffix(IHeaderDictionary headers, string name)
    {
        var held = new Dictionary<string, string>(StringComparer.Ordinal);
        if (StringValues.IsNullOrEmpty(headers[name]) || !EntityTagHeaderValue.TryParseList(headers[name], out var tags)) return held;
        var changed = false;
        var plain = tags.Select(tag =>
        {
            var text = tag.ToString();
            if (tag.IsWeak || Codings.FirstOrDefault(c => text.EndsWith("-" + c + "\"", StringComparison.Ordinal)) is not { } coding) return text;
            var unsuffixed = text[..^(coding.Length + 2)] + "\"";
            held[unsuffixed] = text;
            changed = true;
            return unsuffixed;
        }).ToList();
        if (changed) headers[name] = string.Join(", ", plain);
        return held;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Spatial.Api.Features.Editing;

/// <summary>
/// A feature's strong ETag: its row version, tied to the feature so the ETag of one feature never
/// matches another at the same version. Writes compare it with <c>If-Match</c>.
/// </summary>
public static class FeatureVersions
{
    public static string ETag(string table, string id, long version) =>
        $"\"{version.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(table + "/" + id)))[..10]}\"";

    /// <summary>The version an ETag of this feature names; null for a weak, foreign or malformed tag.</summary>
    public static long? VersionOf(string table, string id, string tag)
    {
        if (!tag.StartsWith('"') || !tag.EndsWith('"') || tag.Length < 3) return null;
        var dash = tag.IndexOf('-');
        return dash > 1 && long.TryParse(tag.AsSpan(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
               && ETag(table, id, version) == tag ? version : null;
    }

    public enum Precondition { Missing, Wildcard, Unreadable, Given }

    /// <summary>The versions named by If-Match (strong tags of this feature; weak ones never match, RFC 9110 §13.1.1).</summary>
    public static (Precondition State, IReadOnlyList<long> Versions) IfMatch(HttpRequest request, string table, string id)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) return (Precondition.Missing, []);
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfMatch, out var tags) || tags.Count == 0) return (Precondition.Unreadable, []);
        if (tags.Any(t => t == EntityTagHeaderValue.Any)) return (Precondition.Wildcard, []);
        var versions = tags.Where(t => !t.IsWeak).Select(t => VersionOf(table, id, t.Tag.ToString())).OfType<long>().ToList();
        return (Precondition.Given, versions);
    }
}

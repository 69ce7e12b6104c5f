using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// The ?cursor= of keyset paging: base64url of a JSON array with the last row's sort-key values as text
/// (ItemsSql casts them back with numeric, bigint, boolean, timestamptz or text). Each value is checked
/// against its key's type here, so a tampered cursor is a 400 and never a failed cast in the database.
/// </summary>
public static partial class ItemsCursor
{
    private const string Refused = "is not a cursor this service issued; follow the 'next' link as given";

    /// <summary>PostgreSQL's numeric output, and the NaN / -Infinity that stand for NULL.</summary>
    [GeneratedRegex(@"^(-?[0-9]{1,1000}(\.[0-9]{1,1000})?|NaN|-?Infinity)$")]
    private static partial Regex Numeric();

    /// <summary>
    /// PostgreSQL's ISO output (DateStyle ISO) of a timestamptz, e.g. 2025-03-18 08:00:00.123456+08, or of a
    /// date (2025-03-18); ±infinity stand for NULL.
    /// </summary>
    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})( (?<h>[0-9]{2}):(?<min>[0-9]{2}):(?<s>[0-9]{2})(\.[0-9]{1,6})?[+-][0-9]{2}(:[0-9]{2}){0,2})?$|^-?infinity$")]
    private static partial Regex Timestamp();

    public static string Encode(IReadOnlyList<string> keys) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(keys))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The values after which the page starts, one per sort key and then the id; or why the cursor is refused.</summary>
    public static ParameterError? Decode(string value, IReadOnlyList<SortKey> sortBy, out IReadOnlyList<string>? after)
    {
        after = null;
        string?[]? keys;
        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight((value.Length + 3) / 4 * 4, '=')));
            keys = JsonSerializer.Deserialize<string?[]>(json);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return new("cursor", Refused);
        }
        if (keys is null || keys.Length != sortBy.Count + 1) return new("cursor", "does not belong to this sortby; start again without cursor");
        for (var i = 0; i < keys.Length; i++)
        {
            var type = i < sortBy.Count ? sortBy[i].Property.Type : PropertyType.String;
            if (keys[i] is not { } key || !Fits(key, type))
                return new("cursor", $"value {i + 1} does not fit its sort key ({(i < sortBy.Count ? sortBy[i].Property.Name : "the feature id")}); " +
                                     "start again without cursor");
        }
        after = keys!;
        return null;
    }

    private static bool Fits(string value, PropertyType type) => type switch
    {
        PropertyType.Number => Numeric().IsMatch(value),
        PropertyType.Integer => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        PropertyType.Boolean => value is "true" or "false",
        PropertyType.DateTime or PropertyType.Date => IsTimestamp(value),
        _ => PlainText.Flaw(value) is null,
    };

    private static bool IsTimestamp(string value)
    {
        var match = Timestamp().Match(value);
        if (!match.Success) return false;
        if (!match.Groups["y"].Success) return true; // ±infinity
        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Part("y"), Part("m"), Part("d"));
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
               && Part("h") <= 23 && Part("min") <= 59 && Part("s") <= 59;
    }
}

using System.Text;
using Npgsql;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Editing;

public enum Operation { Create, Replace, Update, Delete, Restore, Import, Revert }

/// <summary>
/// Who changes what and why, handed to the history triggers as transaction-local settings
/// (they vanish at commit or rollback, so a pooled connection never carries them to the next request).
/// </summary>
public sealed record ChangeContext(Editor Editor, Operation Operation, string? Reason, string? Verdict = null, string? ReportJson = null, long? ImportId = null)
{
    public const string ReasonHeader = "X-Change-Reason";
    public const int MaxReasonLength = 2000;

    private const string Sql = """
        SELECT set_config('spatial.actor', $1, true), set_config('spatial.role', $2, true), set_config('spatial.key_id', $3, true),
               set_config('spatial.operation', $4, true), set_config('spatial.reason', $5, true),
               set_config('spatial.verdict', $6, true), set_config('spatial.report', $7, true), set_config('spatial.import_id', $8, true)
        """;

    public static string Code(Operation operation) => operation.ToString().ToLowerInvariant();

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        foreach (var value in new[] { Editor.Name, Editor.Role.Code(), Editor.KeyId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                                      Code(Operation), Reason ?? "", Verdict ?? "", ReportJson ?? "",
                                      ImportId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" })
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The reason a client gave: X-Change-Reason, percent-encoded UTF-8 when it is not ASCII (browsers
    /// cannot send 测绘更正 raw in a header). Null when absent; an error text when unusable.
    /// </summary>
    public static (string? Reason, string? Error) ReadReason(HttpRequest request)
    {
        var raw = request.Headers[ReasonHeader].ToString();
        if (string.IsNullOrWhiteSpace(raw)) return (null, null);
        string text;
        try
        {
            text = StrictUtf8.GetString(PercentDecoded(raw)).Trim();
        }
        catch (DecoderFallbackException)
        {
            return (null, $"{ReasonHeader}: not valid percent-encoded UTF-8");
        }
        if (text.Length > MaxReasonLength) return (null, $"{ReasonHeader}: at most {MaxReasonLength} characters");
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))) return (null, $"{ReasonHeader}: control characters are not accepted");
        return (text, null);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The bytes of a header value with every %XX decoded, the rest as it is. Not Uri.UnescapeDataString: it keeps
    /// an escape that is not UTF-8 (%E6%B5) as literal text instead of refusing it.
    /// </summary>
    private static byte[] PercentDecoded(string raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            var length = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1;
            bytes.AddRange(Encoding.UTF8.GetBytes(raw.Substring(i, length)));
            i += length - 1;
        }
        return [.. bytes];
    }
}

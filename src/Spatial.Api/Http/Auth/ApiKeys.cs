using System.Security.Cryptography;
using System.Text;

namespace Spatial.Api.Http.Auth;

/// <summary>API keys: 256 random bits, shown once, kept only as their SHA-256.</summary>
public static class ApiKeys
{
    public const string Header = "X-API-Key";
    private const string Marker = "spk_";

    public static string NewKey() => Marker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>What a list shows of a key: enough to recognise it, too little to use it.</summary>
    public static string Prefix(string key) => key[..Math.Min(key.Length, Marker.Length + 6)];

    /// <summary>Only a string of the key's shape is looked up; anything else is refused without a query.</summary>
    public static bool LooksLikeKey(string value) => value.Length == Marker.Length + 43 && value.StartsWith(Marker, StringComparison.Ordinal)
        && value.AsSpan(Marker.Length).IndexOfAnyExcept(Base64Url) < 0;

    private static readonly System.Buffers.SearchValues<char> Base64Url =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

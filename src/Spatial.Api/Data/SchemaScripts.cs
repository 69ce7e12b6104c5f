using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Spatial.Api.Data;

/// <summary>One numbered schema script, <c>NNN_name.sql</c>.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    // Computed from Sql on each read: an initialised property would keep the old value through `with`.
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

public static partial class SchemaScripts
{
    [GeneratedRegex(@"^(\d{3})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    /// <summary>The scripts compiled into this assembly from <c>Data/Schema</c>, in version order.</summary>
    public static IReadOnlyList<SchemaScript> Embedded()
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema/", StringComparison.Ordinal)))
        {
            var fileName = resource["Schema/".Length..];
            var match = FileName().Match(fileName);
            if (!match.Success)
                throw new InvalidOperationException($"Schema script '{fileName}' is not named NNN_name.sql.");
            scripts.Add(new SchemaScript(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, Read(assembly, resource)));
        }
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two schema scripts share version {duplicate.Key:000}.");
        return scripts.OrderBy(s => s.Version).ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

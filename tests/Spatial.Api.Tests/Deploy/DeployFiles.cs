namespace Spatial.Api.Tests.Deploy;

/// <summary>The files of deploy/, read from the repository the tests were built from.</summary>
internal static class DeployFiles
{
    public static string Folder { get; } = Find();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Folder, relativePath));

    /// <summary>
    /// The text with each <paramref name="replacements"/> key replaced; every key must occur exactly once, so a
    /// test never passes on a file that no longer says what the test thinks it says.
    /// </summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements)
        {
            var count = text.Split(from).Length - 1;
            if (count != 1) throw new InvalidOperationException($"deploy file: expected '{from}' once, found it {count} time(s)");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "nginx", "spatial.conf"))) return Path.Combine(directory.FullName, "deploy");
        throw new DirectoryNotFoundException($"no deploy/nginx/spatial.conf above {AppContext.BaseDirectory}");
    }
}

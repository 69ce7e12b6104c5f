namespace Spatial.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) => CommandLine.RunAsync(args);
}

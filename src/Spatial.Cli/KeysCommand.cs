using Microsoft.Extensions.Configuration;
using Spatial.Api.Data;
using Spatial.Api.Http.Auth;

namespace Spatial.Cli;

/// <summary><c>spatial keys create|list|revoke</c>: API keys for the people who edit.</summary>
public static class KeysCommand
{
    public const string Usage = """
          keys create --role ROLE --name NAME [--quiet]
                                                   make a key (roles: viewer, planner, land_officer, admin); it is printed
                                                   once and only its hash is kept; --quiet prints the key alone
          keys list                                every key: id, name, role, prefix, made, revoked
          keys revoke ID                           revoke a key at once
        """;

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        await using var dataSource = DatabaseSetup.CreateDataSource(DatabaseSetup.ResolveConnectionString(configuration));
        switch (args.FirstOrDefault())
        {
            case "create":
                var role = Roles.Parse(Option(args, "--role"));
                var name = Option(args, "--name");
                if (role is null || string.IsNullOrWhiteSpace(name))
                {
                    await errors.WriteLineAsync($"keys create needs --role ({string.Join(", ", Roles.Codes)}) and --name\n{Usage}");
                    return 2;
                }
                var (id, key) = await ApiKeyStore.CreateAsync(dataSource, name, role.Value, $"{Environment.UserName} (spatial keys)", CancellationToken.None);
                if (args.Contains("--quiet")) await output.WriteLineAsync(key);
                else
                {
                    await output.WriteLineAsync($"Key {id} for {name.Trim()} ({role.Value.Code()}):");
                    await output.WriteLineAsync(key);
                    await output.WriteLineAsync("It is shown only now: send it as the X-API-Key header. Revoke it with: spatial keys revoke " + id);
                }
                return 0;
            case "list":
                foreach (var k in await ApiKeyStore.ListAsync(dataSource, CancellationToken.None))
                    await output.WriteLineAsync($"{k.Id,4}  {k.Prefix}…  {k.Role,-12}  {k.CreatedAt:yyyy-MM-dd HH:mm}  " +
                                                $"{(k.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd HH:mm}" : "active"),-24}  {k.Name}");
                return 0;
            case "revoke" when args.Length == 2 && long.TryParse(args[1], out var revoke):
                if (await ApiKeyStore.RevokeAsync(dataSource, revoke, CancellationToken.None))
                {
                    await output.WriteLineAsync($"Key {revoke} revoked.");
                    return 0;
                }
                await errors.WriteLineAsync($"There is no key {revoke} (see: spatial keys list).");
                return 1;
            default:
                await errors.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}

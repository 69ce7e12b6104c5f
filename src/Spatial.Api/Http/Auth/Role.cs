namespace Spatial.Api.Http.Auth;

/// <summary>
/// The roles of the <c>roles</c> table, in rank order. Which layers a role edits is data
/// (<c>role_layers</c>); what only an administrator may do (keys, restores) is code.
/// </summary>
public enum Role
{
    Viewer = 1,
    Planner = 2,
    LandOfficer = 3,
    Admin = 4,
}

public static class Roles
{
    public static string Code(this Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Planner => "planner",
        Role.LandOfficer => "land_officer",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static Role? Parse(string? code) => code switch
    {
        "viewer" => Role.Viewer,
        "planner" => Role.Planner,
        "land_officer" => Role.LandOfficer,
        "admin" => Role.Admin,
        _ => null,
    };

    public static IReadOnlyList<string> Codes { get; } = Enum.GetValues<Role>().Select(Code).ToList();
}

namespace Omni.Platform.Tenancy;

public static class OrgRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Agent, Viewer];

    public static bool IsValid(string? role) => role is Owner or Admin or Agent or Viewer;
}

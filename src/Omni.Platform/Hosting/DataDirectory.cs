namespace Omni.Platform.Hosting;

/// <summary>Where local state lives: the embedded cluster, generated secrets. Defaults to <c>.data/</c>
/// at the repository root (the folder holding Omni.sln), else beside the content root.</summary>
public static class DataDirectory
{
    public static string Resolve(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Omni.sln")))
                return Path.Combine(dir.FullName, ".data");
        }
        return Path.Combine(contentRoot, ".data");
    }
}

using System.Diagnostics;

namespace Omni.Platform.Database;

/// <summary>Runs the Postgres binaries. Postgres refuses to run as root, so when this process is root the
/// commands run as the <c>postgres</c> system user through <c>runuser</c>.</summary>
internal static class ProcessRunner
{
    public static bool IsRoot { get; } = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    public const string PostgresUser = "postgres";

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, IEnumerable<string> args, bool asPostgresUser, CancellationToken ct, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        if (asPostgresUser && IsRoot)
        {
            psi.FileName = "runuser";
            psi.ArgumentList.Add("-u");
            psi.ArgumentList.Add(PostgresUser);
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(file);
        }
        else
        {
            psi.FileName = file;
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public static async Task RunCheckedAsync(string file, IEnumerable<string> args, bool asPostgresUser, CancellationToken ct)
    {
        var list = args.ToList();
        var (code, output) = await RunAsync(file, list, asPostgresUser, ct);
        if (code != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', list)} failed ({code}): {output.Trim()}");
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace MelMage.Audio.Decoding;

/// <summary>Runs a decoder process on untrusted input: no stdin, standard output read up to a byte cap, standard error
/// kept (its tail), the whole process tree killed at the deadline or the cap.</summary>
internal static class ChildProcess
{
    private const int MaxStderrChars = 16 * 1024;

    public sealed record Outcome(int ExitCode, byte[] Stdout, string Stderr, bool HitCap, bool TimedOut);

    /// <exception cref="Win32Exception">The executable could not be started (not installed).</exception>
    public static Outcome Run(string fileName, IReadOnlyList<string> arguments, long stdoutCap, TimeSpan timeout,
        long memoryLimitBytes)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // prlimit (util-linux) caps the decoder's address space, so a hostile file cannot make it eat the server's
        // memory; without prlimit the output cap and the deadline still hold.
        if (Prlimit is { } prlimit)
        {
            start.FileName = prlimit;
            start.ArgumentList.Add($"--as={memoryLimitBytes}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(ResolveOnPath(fileName) ?? throw new Win32Exception(2, $"{fileName} not found"));
        }
        else
        {
            start.FileName = fileName;
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = Process.Start(start) ?? throw new Win32Exception(2, $"{fileName} did not start");
        process.StandardInput.Close();
        var stderr = new StringBuilder();
        var stderrTask = Task.Run(() => ReadTail(process.StandardError, stderr));
        using var stdout = new MemoryStream();
        var hitCap = false;
        var stdoutTask = Task.Run(() => hitCap = Copy(process.StandardOutput.BaseStream, stdout, stdoutCap));

        var finished = stdoutTask.Wait(timeout);
        if (!finished || hitCap)
        {
            Kill(process);
            stdoutTask.Wait(TimeSpan.FromSeconds(5));
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(finished ? Math.Max(1, timeout.TotalSeconds) : 5))) Kill(process);
        stderrTask.Wait(TimeSpan.FromSeconds(5));
        lock (stderr)
        {
            return new Outcome(process.HasExited ? process.ExitCode : -1, stdout.ToArray(), stderr.ToString(), hitCap,
                !finished);
        }
    }

    private static bool Copy(Stream from, MemoryStream to, long cap)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (to.Length + read > cap)
            {
                to.Write(buffer, 0, (int)(cap - to.Length));
                return true;
            }
            to.Write(buffer, 0, read);
        }
        return false;
    }

    private static void ReadTail(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
                if (into.Length > MaxStderrChars) into.Remove(0, into.Length - MaxStderrChars);
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static readonly string? Prlimit = ResolveOnPath("prlimit");

    private static string? ResolveOnPath(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

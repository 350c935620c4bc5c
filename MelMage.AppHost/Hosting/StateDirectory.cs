using System.Security.Cryptography;
using System.Text.Json;

namespace MelMage.AppHost.Hosting;

/// <summary>
/// The folder that holds everything the running system keeps between starts: the servers' data, the passwords they
/// were created with, the dashboard's telemetry and <c>endpoints.json</c>. <c>MELMAGE_STATE_DIR</c> (configuration or
/// environment) names it; the default is <c>.melmage/</c> in the repository. One AppHost at a time may use it.
/// </summary>
public sealed class StateDirectory : IDisposable
{
    public const string ConfigurationKey = "MELMAGE_STATE_DIR";

    private readonly FileStream _lock;

    private StateDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    public string this[string child] => System.IO.Path.Combine(Path, child);

    /// <summary>Takes the folder for this process, or throws <see cref="StateDirectoryInUseException"/> when another
    /// AppHost holds it. The lock is an OS file lock: it goes with the process, however it ends.</summary>
    public static StateDirectory Acquire(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            // Debian's postgres user (servers started by root run as it) must be able to reach its data below.
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        var lockPath = System.IO.Path.Combine(path, "apphost.lock");
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = ReadHolder(System.IO.Path.Combine(path, "apphost.pid"));
            throw new StateDirectoryInUseException(
                $"Another MelMage AppHost{holder} is already running on the state folder {path}. Stop it first, or give " +
                $"this one its own folder with {ConfigurationKey}=/some/other/folder.");
        }
        // Beside the lock (which nobody else can open while it is held): who holds it, for the message above.
        File.WriteAllText(System.IO.Path.Combine(path, "apphost.pid"),
            Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new StateDirectory(path, stream);
    }

    /// <summary>The folder named by configuration, else <c>.melmage/</c> beside the solution.</summary>
    public static string Resolve(string? configured, string appHostDirectory) =>
        configured is { Length: > 0 }
            ? System.IO.Path.GetFullPath(configured)
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(appHostDirectory, "..", ".melmage"));

    /// <summary>A password generated on the first start and kept (mode 600) in <c>secrets.json</c>: the servers' data
    /// was created with it, so it must stay the same for as long as the data does.</summary>
    public string Secret(string name)
    {
        var file = this["secrets.json"];
        var secrets = File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? []
            : [];
        if (secrets.TryGetValue(name, out var value)) return value;
        value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        secrets[name] = value;
        File.WriteAllText(file, JsonSerializer.Serialize(secrets, new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return value;
    }

    public void Dispose() => _lock.Dispose();

    private static string ReadHolder(string pidFile)
    {
        try
        {
            var pid = File.ReadAllText(pidFile).Trim();
            return pid.Length > 0 ? $" (process {pid})" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}

public sealed class StateDirectoryInUseException(string message) : Exception(message);

using System.Collections.Concurrent;
using System.Diagnostics;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Audio.Support;

/// <summary>Makes real compressed files from the ESC-50 dev clips with Debian's ffmpeg during the test run (nothing
/// binary is committed); each file is made once per run.</summary>
public static class Ffmpeg
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("melmage-ffmpeg-tests-").FullName;
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Made = new();

    /// <summary>Encodes <paramref name="clip"/> (an ESC-50 file name) with the ffmpeg output options given.</summary>
    public static byte[] Encode(string clip, string extension, params string[] options) =>
        Make($"{Path.GetFileNameWithoutExtension(clip)}.{string.Join('_', options).Replace(':', '-')}.{extension}",
            ["-i", TestPaths.Esc50Clip(clip), .. options]);

    /// <summary>Runs ffmpeg with the inputs and options given (lavfi sources, for instance) into a file.</summary>
    public static byte[] Make(string name, string[] arguments) => Made.GetOrAdd(name, n => new Lazy<byte[]>(() =>
    {
        var output = Path.Combine(Folder, n);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-nostdin", "-hide_banner", "-v", "error", "-y", .. arguments, output])
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed making {n}: {error}");
        return File.ReadAllBytes(output);
    })).Value;
}

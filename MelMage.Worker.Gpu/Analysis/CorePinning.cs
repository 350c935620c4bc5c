using System.Runtime.InteropServices;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>
/// Pins libtorch's OpenMP threads one to a core (<c>OMP_PROC_BIND=true</c>, <c>OMP_PLACES=cores</c>) unless the
/// environment already chose. Unpinned, the scheduler moves a forward's threads whenever another thread wakes (the
/// worker's own I/O, Postgres, Redis), and two of them then share a core until it moves them back: bench-pipeline
/// measured in-service batch-16 forwards of 405-650 ms unpinned against 392-485 ms pinned, and end to end
/// 0.78-0.98 × the raw throughput unpinned against 0.90-1.0 pinned (docs/pipeline.md). libgomp reads these
/// variables once, when libtorch is loaded, so this runs first thing in <c>Program</c>, before any torch call; it
/// writes the native environment (.NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not).
/// Set <c>OMP_PROC_BIND=false</c> where several workers share one machine's cores.
/// </summary>
public static partial class CorePinning
{
    public static void PinOpenMpThreads()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_PROC_BIND") is not null) return;
        setenv("OMP_PROC_BIND", "true", 0);
        if (Environment.GetEnvironmentVariable("OMP_PLACES") is null) setenv("OMP_PLACES", "cores", 0);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}

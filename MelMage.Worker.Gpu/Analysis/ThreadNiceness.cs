using System.Runtime.InteropServices;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>
/// Keeps the worker's other threads out of the model's way (Linux). On a machine whose every core runs the forward,
/// one ordinary thread that wakes up in the middle of it (loading the next batch, decoding, writing Redis) does not
/// just take its own time: it preempts one of libtorch's OpenMP threads, and the others then wait for that one at the
/// next barrier. Measured here with `bench --batch 16` on 2 cores: 399 ms alone, 1130 ms beside a busy loop at nice 0,
/// 408 ms beside the same loop at nice 19. So every thread of this process that is not the model's (named
/// <see cref="ModelThread"/>, whose OpenMP team inherits its name) is set to nice 19: it runs on what the model
/// leaves idle, and in the short gaps between forwards. Lowering a thread's priority needs no privilege.
/// </summary>
public static partial class ThreadNiceness
{
    public const int Lowest = 19;
    private const int PrioProcess = 0; // with a thread id, setpriority(2) acts on that thread alone (Linux)

    /// <summary>Sets every thread of this process whose name is not <paramref name="keep"/> to the lowest priority.
    /// Threads started later inherit their creator's value, so callers repeat this (it is ~30 system calls).</summary>
    public static void LowerAllBut(string keep)
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == keep) continue;
                if (!int.TryParse(Path.GetFileName(task), out var tid)) continue;
                setpriority(PrioProcess, tid, Lowest);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
    }

    /// <summary>Sets the calling thread to the lowest priority; threads it starts later inherit it.</summary>
    public static void LowerCurrent()
    {
        if (OperatingSystem.IsLinux()) setpriority(PrioProcess, gettid(), Lowest);
    }

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}

using TorchSharp;
using static TorchSharp.torch;

namespace MelMage.Model.Inference;

/// <summary>The one place where the compute device and libtorch's thread count are chosen.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool threadsSet;

    /// <summary>"auto" (CUDA when libtorch sees a GPU, else CPU), "cpu" or "cuda".</summary>
    public static Device ResolveDevice(string? preference = "auto")
    {
        var wanted = (preference ?? "auto").Trim().ToLowerInvariant();
        var cuda = cuda_is_available();
        return wanted switch
        {
            "cpu" => CPU,
            "cuda" when cuda => CUDA,
            "cuda" => throw new InvalidOperationException(
                "CUDA was requested but libtorch sees no CUDA device (this build uses the CPU libtorch unless built with -p:MelMageCuda=true)."),
            "auto" or "" => cuda ? CUDA : CPU,
            _ => throw new ArgumentException($"Unknown device '{preference}'; use auto, cpu or cuda.", nameof(preference)),
        };
    }

    /// <summary>Sets libtorch's intra-op threads once per process (default: every core).</summary>
    public static void ConfigureThreads(int? threads = null)
    {
        lock (Gate)
        {
            if (threadsSet) return;
            set_num_threads(threads is > 0 ? threads.Value : Environment.ProcessorCount);
            threadsSet = true;
        }
    }

    public static int Threads => get_num_threads();
}

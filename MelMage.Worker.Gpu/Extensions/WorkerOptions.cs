using System.ComponentModel.DataAnnotations;
using MelMage.Model.Inference;

namespace MelMage.Worker.Gpu.Extensions;

/// <summary>How the worker service consumes and runs the model (section <c>Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Most clips per forward pass.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a partial batch waits for more clips, from its first message. Short, so that an idle queue
    /// adds (almost) no latency while a busy one fills batches.</summary>
    [Range(0, 10_000)]
    public int BatchWaitMs { get; set; } = 20;

    /// <summary>Batches in flight at once. One at a time decodes and runs the forward; with two, the next batch loads
    /// its uploads and the previous one stores its results meanwhile, so the model does not wait for Postgres or Redis.</summary>
    [Range(1, 16)]
    public int BatchConcurrency { get; set; } = 2;

    /// <summary>Retries of a failing batch (exponential backoff) before its jobs are marked failed.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 3;

    [Range(1, 60_000)]
    public int RetryMinMs { get; set; } = 200;

    [Range(1, 600_000)]
    public int RetryMaxMs { get; set; } = 10_000;

    /// <summary>Whether this worker takes queued training runs (one at a time; training uses every core).</summary>
    public bool Training { get; set; } = true;

    /// <summary>How often an idle worker looks for queued training runs.</summary>
    [Range(1, 3600)]
    public int TrainingPollSeconds { get; set; } = 5;

    /// <summary>Where runs queued through the API write checkpoints, TensorBoard logs and models.</summary>
    public string TrainingOutputDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "melmage-training");

    /// <summary>How long visualizations stay in Redis.</summary>
    [Range(1, 100_000)]
    public int VisualizationTtlMinutes { get; set; } = 24 * 60;

    /// <summary>The folder of installed models, one subfolder each, named after the model (<c>esc50</c>, <c>esc10</c>);
    /// <see cref="ModelLocator.ModelsDirectory"/> (<c>MELMAGE_MODELS_DIR</c>, else the nearest <c>models</c> folder)
    /// when empty. The worker serves every model in it.</summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>The model that answers requests naming none.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public string DefaultModel { get; set; } = ModelLocator.DefaultModelName;

    /// <summary>Where the default model is, when not in <see cref="ModelsDirectory"/> (else <c>MELMAGE_MODEL_DIR</c>).</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Serve the untrained network (random weights, ESC-50 labels) as the default model even when one is
    /// installed; the other installed models are served as usual.</summary>
    public bool Untrained { get; set; }

    public int UntrainedSeed { get; set; }

    /// <summary>libtorch threads; every core when null.</summary>
    [Range(1, 1024)]
    public int? Threads { get; set; }

    /// <summary>Whether every thread of the process but the model's runs at the lowest priority (Linux), so that the
    /// worker's own loading, decoding and storing never preempt a forward (see Analysis/ThreadNiceness.cs). Off only
    /// where the worker shares its process with other work, as in the tests' in-process worker.</summary>
    public bool YieldToModel { get; set; } = true;

    /// <summary>Longest audio classified, in seconds (default 10 min); the API refuses longer uploads first.</summary>
    [Range(1, 86_400)]
    public double MaxAudioSeconds { get; set; } = 600;

    /// <summary>Shortest audio classified, in seconds (default 0.5 s).</summary>
    [Range(0, 3600)]
    public double MinAudioSeconds { get; set; } = 0.5;

    /// <summary>Audio whose peak stays below this level (dBFS) is answered as silent, not classified.</summary>
    [Range(-400, 0)]
    public double SilenceFloorDbfs { get; set; } = -90;

    /// <summary>Wall-clock limit for decoding one compressed upload with ffmpeg.</summary>
    [Range(1, 3600)]
    public int DecodeTimeoutSeconds { get; set; } = 60;

    internal MelMage.Audio.Decoding.AudioDecodeOptions DecodeOptions => new()
    {
        MaxDurationSeconds = MaxAudioSeconds,
        DecodeTimeout = TimeSpan.FromSeconds(DecodeTimeoutSeconds),
    };

    internal MelMage.Audio.Decoding.AudioCheckOptions CheckOptions => new()
    {
        MinDurationSeconds = MinAudioSeconds,
        SilenceFloorDbfs = SilenceFloorDbfs,
    };

    /// <summary>"auto", "cpu" or "cuda".</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Float32 (exact) or BFloat16 (about twice as fast on CPUs with AVX-512 BF16; see docs/performance.md
    /// for its agreement with Float32).</summary>
    public InferencePrecision Precision { get; set; } = InferencePrecision.Float32;

    /// <summary>Test-time shifts per analysis window (1: off); null = what each model's <c>model.json</c> asks for
    /// (<c>esc10</c>: 4). Each shift costs one more forward pass; docs/performance.md has the numbers.</summary>
    [Range(1, 64)]
    public int? Shifts { get; set; }
}

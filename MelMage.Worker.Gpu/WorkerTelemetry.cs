using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MelMage.Worker.Gpu;

/// <summary>The worker's spans (decode, resample, mel, forward, explain, cache, db) and meters.</summary>
public static class WorkerTelemetry
{
    public const string Name = "MelMage.Worker";
    public static readonly ActivitySource ActivitySource = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> QueueWait =
        Meter.CreateHistogram<double>("melmage.worker.queue.wait", "ms", "From upload accepted to the worker starting on it");
    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("melmage.worker.batch.size", "{clip}", "Clips per batch delivered by the broker");
    public static readonly Histogram<double> InferenceTime =
        Meter.CreateHistogram<double>("melmage.worker.inference.duration", "ms", "Wall time of one batched model call");
    public static readonly Counter<long> Jobs =
        Meter.CreateCounter<long>("melmage.worker.jobs", "{job}", "Jobs finished, by outcome (succeeded, cached, failed)");

    /// <summary>Records a finished stage as a child span after the fact (the engine times its own stages).</summary>
    public static void RecordStage(string name, DateTimeOffset start, double milliseconds)
    {
        if (milliseconds <= 0) return;
        using var activity = ActivitySource.StartActivity(name, ActivityKind.Internal, Activity.Current?.Context ?? default,
            startTime: start);
        activity?.SetEndTime(start.UtcDateTime.AddMilliseconds(milliseconds));
    }
}

namespace MelMage.Contracts.Messages;

/// <summary>Queues the worker listens on; the API sends to them by name.</summary>
public static class QueueNames
{
    public const string ClassifyClip = "classify-clip";
    public const string AnalyzeClip = "analyze-clip";
    public const string RenderVisualization = "render-visualization";

    /// <summary>Where clips that failed for good are parked (MassTransit's naming).</summary>
    public const string ClassifyClipErrors = ClassifyClip + "_error";
}

namespace MelMage.Contracts.Api;

/// <summary>The answer for one clip, as stored in Postgres and returned by the API.</summary>
/// <param name="Top">Top-3 classes, most likely first.</param>
/// <param name="Windows">Per-window answers for audio longer than one window; empty otherwise.</param>
/// <param name="DurationSeconds">Length of the audio.</param>
/// <param name="SampleRate">Sample rate of the upload.</param>
/// <param name="ModelVersion">The model version that answered; a worker whose test-time shift count differs from
/// the model's own appends it (<c>esc10-r3+shifts1</c>), since its answers differ.</param>
/// <param name="FromCache">True when identical audio had already been classified under this model version.</param>
/// <param name="Timings">Where the time went.</param>
public sealed record JobResult(
    IReadOnlyList<LabelConfidence> Top,
    IReadOnlyList<WindowResult> Windows,
    double DurationSeconds,
    int SampleRate,
    string ModelVersion,
    bool FromCache,
    ResultTimings Timings)
{
    /// <summary>True when the recording is silent (digital silence, or its peak below the worker's floor): nothing was
    /// classified, <see cref="Top"/> and <see cref="Windows"/> are empty and <see cref="Notes"/> says why.</summary>
    public bool Silent { get; init; }

    /// <summary>What a person should know about the audio: that it is silent, or that the file was cut short and
    /// only what was present was analysed. Empty for most clips.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The name of the model that answered (<c>esc50</c>, <c>esc10</c>, …); <see cref="ModelVersion"/> says
    /// which version of it. Null in answers stored before models had names.</summary>
    public string? Model { get; init; }
}

public sealed record LabelConfidence(string Label, float Confidence);

public sealed record WindowResult(double StartSeconds, double EndSeconds, IReadOnlyList<LabelConfidence> Top);

/// <summary>Milliseconds: waiting in the queue, then the model's stages (batch stages shared between its clips).</summary>
public sealed record ResultTimings(double QueueMs, double DecodeMs, double ResampleMs, double MelMs, double ForwardMs,
    double ExplainMs, double TotalMs);

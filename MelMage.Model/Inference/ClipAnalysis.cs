using MelMage.Audio.Spectrograms;

namespace MelMage.Model.Inference;

/// <summary>Everything the engine says about one clip: the answer and what explains it.</summary>
/// <param name="Predictions">Top-k classes, most likely first (mean of window probabilities for long audio).</param>
/// <param name="Windows">Per-window answers for audio longer than one window; empty otherwise.</param>
/// <param name="Spectrogram">The log-mel input of the explained window (dB).</param>
/// <param name="Waveform">Down-sampled waveform of the whole clip for display.</param>
/// <param name="FeatureMaps">The 37 feature maps of the explained window (channel means; full tensors on request).</param>
/// <param name="Heatmaps">Grad-CAM heatmaps of the top-k classes on the spectrogram grid of the explained window.</param>
/// <param name="ExplainedWindow">Which window the spectrogram, maps and heatmaps belong to.</param>
/// <param name="DurationSeconds">Length of the decoded audio.</param>
/// <param name="SampleRate">Rate of the decoded audio before resampling.</param>
/// <param name="ModelVersion">Version of the model that answered, as served (<see cref="ModelInfo.ServedVersion"/>).</param>
/// <param name="Timings">Where the time went.</param>
public sealed record ClipAnalysis(
    IReadOnlyList<Prediction> Predictions,
    IReadOnlyList<WindowPrediction> Windows,
    Spectrogram Spectrogram,
    Waveform Waveform,
    IReadOnlyList<FeatureMap> FeatureMaps,
    IReadOnlyList<Heatmap> Heatmaps,
    WindowPrediction ExplainedWindow,
    double DurationSeconds,
    int SampleRate,
    string ModelVersion,
    InferenceTimings Timings);

/// <summary>One class and its softmax probability.</summary>
public sealed record Prediction(string Label, float Confidence);

/// <summary>The answer for one analysis window of a longer clip.</summary>
public sealed record WindowPrediction(double StartSeconds, double EndSeconds, IReadOnlyList<Prediction> Predictions);

/// <summary>A waveform reduced to <see cref="Min"/>/<see cref="Max"/> envelopes of equal-length buckets.</summary>
public sealed record Waveform(float[] Min, float[] Max, int SampleRate, double DurationSeconds);

/// <summary>One feature map: the mean over channels ([Height, Width], row-major), and the full tensor
/// ([Channels, Height, Width]) when it was asked for.</summary>
public sealed record FeatureMap(string Name, int Channels, int Height, int Width, float[] ChannelMean, float[]? Full);

/// <summary>A Grad-CAM heatmap in [0, 1], row-major [mel band, frame], on the spectrogram's grid.</summary>
public sealed record Heatmap(string Label, int Height, int Width, float[] Values);

/// <summary>Milliseconds spent per stage for one clip (batch stages are shared equally between its clips).</summary>
public sealed record InferenceTimings(double ResampleMs, double MelMs, double ForwardMs, double ExplainMs, double TotalMs);

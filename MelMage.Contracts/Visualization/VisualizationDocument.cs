namespace MelMage.Contracts.Visualization;

/// <summary>What <c>GET /api/jobs/{id}/visualization</c> returns (format <see cref="CurrentFormat"/>; documented in
/// docs/pipeline.md): everything the page draws for one clip, every array quantized to bytes.</summary>
/// <param name="Format">Always <see cref="CurrentFormat"/> for this shape.</param>
/// <param name="ModelVersion">The model whose activations these are.</param>
/// <param name="Spectrogram">Log-mel input in dB, shape [mels, frames].</param>
/// <param name="Waveform">Display waveform envelopes.</param>
/// <param name="FeatureMaps">The 37 feature maps (channel means), shape [height, width] each.</param>
/// <param name="Heatmaps">Grad-CAM of the top-k classes in [0, 1], on a quarter of the spectrogram's grid in each
/// direction (ceil(mels/4) × ceil(frames/4)); stretch it over the spectrogram to draw it.</param>
/// <param name="WindowStartSeconds">Start of the explained window within the clip.</param>
/// <param name="WindowEndSeconds">End of the explained window within the clip.</param>
public sealed record VisualizationDocument(
    string Format,
    string ModelVersion,
    QuantizedArray Spectrogram,
    WaveformEnvelope Waveform,
    IReadOnlyList<NamedMap> FeatureMaps,
    IReadOnlyList<LabelledHeatmap> Heatmaps,
    double WindowStartSeconds,
    double WindowEndSeconds)
{
    public const string CurrentFormat = "melmage.visualization/1";
}

/// <summary>Min/max envelopes of equal-length buckets of the waveform, in [-1, 1].</summary>
public sealed record WaveformEnvelope(int SampleRate, double DurationSeconds, QuantizedArray Min, QuantizedArray Max);

/// <summary>One feature map: the layer's name (<c>conv1</c>, <c>layer2.block0.relu</c>, …), its channel count and the
/// channel mean.</summary>
public sealed record NamedMap(string Name, int Channels, QuantizedArray Values);

/// <summary>A Grad-CAM heatmap for one of the top-k classes.</summary>
public sealed record LabelledHeatmap(string Label, QuantizedArray Values);

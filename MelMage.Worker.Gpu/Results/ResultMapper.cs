using MelMage.Audio.Wav;
using MelMage.Contracts.Api;
using MelMage.Contracts.Seed;
using MelMage.Contracts.Visualization;
using MelMage.Model.Inference;

namespace MelMage.Worker.Gpu.Results;

/// <summary>Turns the engine's <see cref="ClipAnalysis"/> into what is stored, cached and returned.</summary>
public static class ResultMapper
{
    /// <summary>Points of the waveform envelope in the compact visualization.</summary>
    public const int WaveformPoints = 1000;

    public static JobResult ToJobResult(ClipAnalysis analysis, double queueMs, double decodeMs, bool fromCache) => new(
        analysis.Predictions.Select(ToLabel).ToList(),
        analysis.Windows.Select(w => new WindowResult(w.StartSeconds, w.EndSeconds, w.Predictions.Select(ToLabel).ToList())).ToList(),
        analysis.DurationSeconds,
        analysis.SampleRate,
        analysis.ModelVersion,
        fromCache,
        new ResultTimings(queueMs, decodeMs, analysis.Timings.ResampleMs, analysis.Timings.MelMs, analysis.Timings.ForwardMs,
            analysis.Timings.ExplainMs, decodeMs + analysis.Timings.TotalMs));

    /// <summary>The answer for a silent recording: no classes, the reason in <see cref="JobResult.Notes"/>.</summary>
    public static JobResult ToSilentResult(DecodedAudio audio, string message, string modelVersion, double queueMs,
        double decodeMs) => new([], [], audio.DurationSeconds, audio.SampleRate, modelVersion, false,
        new ResultTimings(queueMs, decodeMs, 0, 0, 0, 0, decodeMs))
    {
        Silent = true,
        Notes = [message, .. audio.Notes],
    };

    public static VisualizationDocument ToVisualization(ClipAnalysis analysis) => new(
        VisualizationDocument.CurrentFormat,
        analysis.ModelVersion,
        QuantizedArray.From(analysis.Spectrogram.Values, analysis.Spectrogram.Mels, analysis.Spectrogram.Frames),
        new WaveformEnvelope(analysis.Waveform.SampleRate, analysis.Waveform.DurationSeconds,
            QuantizedArray.From(analysis.Waveform.Min, analysis.Waveform.Min.Length),
            QuantizedArray.From(analysis.Waveform.Max, analysis.Waveform.Max.Length)),
        analysis.FeatureMaps.Select(m => new NamedMap(m.Name, m.Channels, QuantizedArray.From(m.ChannelMean, m.Height, m.Width))).ToList(),
        analysis.Heatmaps.Select(h => new LabelledHeatmap(h.Label, Downsampled(h.Values, h.Height, h.Width, HeatmapReduction))).ToList(),
        analysis.ExplainedWindow.StartSeconds,
        analysis.ExplainedWindow.EndSeconds);

    /// <summary>The seed's response: top-3, each map's channel mean as nested lists, the input spectrogram, and the
    /// waveform sampled with a stride so that at most ~8000 values remain (as the seed did).</summary>
    public static SeedInferenceResponse ToSeedResponse(ClipAnalysis analysis, DecodedAudio audio)
    {
        const int maxSamples = 8000;
        var samples = audio.Samples;
        float[] waveform;
        if (samples.Length > maxSamples)
        {
            var step = samples.Length / maxSamples;
            waveform = new float[(samples.Length + step - 1) / step];
            for (var i = 0; i < waveform.Length; i++) waveform[i] = samples[i * step];
        }
        else
        {
            waveform = samples;
        }
        return new SeedInferenceResponse(
            analysis.Predictions.Select(p => new SeedPrediction(p.Label, p.Confidence)).ToList(),
            analysis.FeatureMaps.ToDictionary(m => m.Name, m => SeedMatrix.FromRowMajor(m.ChannelMean, m.Height, m.Width)),
            SeedMatrix.FromRowMajor(analysis.Spectrogram.Values, analysis.Spectrogram.Mels, analysis.Spectrogram.Frames),
            new SeedWaveform(waveform, audio.SampleRate, audio.DurationSeconds));
    }

    /// <summary>Grad-CAM comes from the last convolution (1/32 of the spectrogram grid) upsampled, so a quarter of the
    /// grid in each direction loses nothing visible and is 16 times smaller; the page stretches it over the spectrogram.</summary>
    public const int HeatmapReduction = 4;

    /// <summary>Means of <paramref name="factor"/>×<paramref name="factor"/> blocks (partial blocks at the edges).</summary>
    private static QuantizedArray Downsampled(float[] values, int height, int width, int factor)
    {
        var h = (height + factor - 1) / factor;
        var w = (width + factor - 1) / factor;
        var reduced = new float[h * w];
        for (var r = 0; r < h; r++)
        {
            for (var c = 0; c < w; c++)
            {
                double sum = 0;
                var n = 0;
                for (var y = r * factor; y < Math.Min(height, (r + 1) * factor); y++)
                {
                    for (var x = c * factor; x < Math.Min(width, (c + 1) * factor); x++)
                    {
                        sum += values[y * width + x];
                        n++;
                    }
                }
                reduced[r * w + c] = (float)(sum / n);
            }
        }
        return QuantizedArray.From(reduced, h, w);
    }

    private static LabelConfidence ToLabel(Prediction p) => new(p.Label, p.Confidence);
}

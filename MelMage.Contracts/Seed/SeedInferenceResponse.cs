using System.Text.Json.Serialization;

namespace MelMage.Contracts.Seed;

/// <summary>The seed's response, field for field, so that its clients work unchanged.</summary>
public sealed record SeedInferenceResponse(
    [property: JsonPropertyName("predictions")] IReadOnlyList<SeedPrediction> Predictions,
    [property: JsonPropertyName("visualization")] IReadOnlyDictionary<string, SeedMatrix> Visualization,
    [property: JsonPropertyName("input_spectrogram")] SeedMatrix InputSpectrogram,
    [property: JsonPropertyName("waveform")] SeedWaveform Waveform);

/// <summary>One of the top-3 answers.</summary>
public sealed record SeedPrediction(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("confidence")] float Confidence);

/// <summary>A 2-D array as the seed writes it: its shape and nested row lists.</summary>
public sealed record SeedMatrix(
    [property: JsonPropertyName("shape")] int[] Shape,
    [property: JsonPropertyName("values")] float[][] Values)
{
    public static SeedMatrix FromRowMajor(float[] values, int rows, int columns)
    {
        var nested = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            // The seed applied nan_to_num; JSON has no NaN either.
            var row = values.AsSpan(r * columns, columns).ToArray();
            for (var c = 0; c < row.Length; c++) row[c] = float.IsFinite(row[c]) ? row[c] : 0f;
            nested[r] = row;
        }
        return new SeedMatrix([rows, columns], nested);
    }
}

/// <summary>The display waveform: samples (at most 8000), the sample rate and the duration in seconds.</summary>
public sealed record SeedWaveform(
    [property: JsonPropertyName("values")] float[] Values,
    [property: JsonPropertyName("sample_rate")] int SampleRate,
    [property: JsonPropertyName("duration")] double Duration);

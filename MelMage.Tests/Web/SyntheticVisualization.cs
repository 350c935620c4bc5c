namespace MelMage.Tests.Web;

/// <summary>A visualization document in format melmage.visualization/1 (see MelMage.Contracts.Visualization) made of
/// smooth synthetic patterns, so the page's drawings can be checked without the model: a falling chirp with harmonics in
/// the spectrogram, Grad-CAM blobs at a quarter of its grid per axis (as the API sends them), and 37 feature maps of
/// the network's real shapes for a 5 s clip.</summary>
public static class SyntheticVisualization
{
    public const int Mels = 128;
    public const int Frames = 431;
    private const int HeatRows = (Mels + 3) / 4;
    private const int HeatCols = (Frames + 3) / 4;

    public static object Create(IReadOnlyList<string> topLabels, double durationSeconds, double windowStart, double windowEnd)
    {
        var spectrogram = Map(Mels, Frames, (m, t) =>
        {
            var pitch = 90 - 50.0 * t / Frames;
            var harmonics = Math.Exp(-Math.Pow(m - pitch, 2) / 8) + 0.6 * Math.Exp(-Math.Pow(m - pitch * 0.6, 2) / 6);
            var bursts = Math.Pow(Math.Sin(t / 18.0), 2);
            return -80 + 70 * harmonics * bursts + 8 * Math.Sin(m * 0.7 + t * 0.31);
        });
        var heatmaps = topLabels.Select((label, k) => new
        {
            label,
            values = Quantize(Map(HeatRows, HeatCols, (m, t) =>
                Math.Exp(-Math.Pow(m - (20 - 6 * k), 2) / 20 - Math.Pow(t - (27 + 30 * k), 2) / 190)), HeatRows, HeatCols),
        }).ToList();

        const int points = 1000;
        var min = new float[points];
        var max = new float[points];
        for (var i = 0; i < points; i++)
        {
            var envelope = (float)(0.15 + 0.8 * Math.Pow(Math.Sin(i / 30.0), 2));
            max[i] = envelope;
            min[i] = -envelope * 0.9f;
        }

        return new
        {
            format = "melmage.visualization/1",
            modelVersion = StandInApi.ModelVersion,
            spectrogram = Quantize(spectrogram, Mels, Frames),
            waveform = new { sampleRate = 44100, durationSeconds, min = Quantize(min, points), max = Quantize(max, points) },
            featureMaps = FeatureMaps(),
            heatmaps,
            windowStartSeconds = windowStart,
            windowEndSeconds = windowEnd,
        };
    }

    private static List<object> FeatureMaps()
    {
        var maps = new List<object>();
        void Add(string name, int channels, int h, int w, int seed) => maps.Add(new
        {
            name,
            channels,
            values = Quantize(Map(h, w, (r, c) => Math.Max(0, Math.Sin(r * 0.5 + seed) * Math.Cos(c * 0.3 + seed * 0.7) + 0.2)), h, w),
        });
        Add("conv1", 64, 32, 108, 0);
        int[] blocks = [3, 4, 6, 3];
        int[] channels = [64, 128, 256, 512];
        int[][] sizes = [[32, 108], [16, 54], [8, 27], [4, 14]];
        for (var l = 0; l < 4; l++)
        {
            for (var b = 0; b < blocks[l]; b++)
            {
                Add($"layer{l + 1}.block{b}.conv", channels[l], sizes[l][0], sizes[l][1], l * 10 + b);
                Add($"layer{l + 1}.block{b}.relu", channels[l], sizes[l][0], sizes[l][1], l * 10 + b + 5);
            }
            Add($"layer{l + 1}", channels[l], sizes[l][0], sizes[l][1], l * 10 + 9);
        }
        return maps;
    }

    private static float[] Map(int rows, int cols, Func<int, int, double> value)
    {
        var values = new float[rows * cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                values[r * cols + c] = (float)value(r, c);
        return values;
    }

    /// <summary>The wire form: one byte per value between the array's min and max, base64.</summary>
    private static object Quantize(float[] values, params int[] shape)
    {
        var min = values.Min();
        var max = values.Max();
        var bytes = values.Select(v => (byte)Math.Round(max > min ? (v - min) / (max - min) * 255 : 0)).ToArray();
        return new { shape, min, max, data = Convert.ToBase64String(bytes) };
    }
}

namespace MelMage.Audio.Spectrograms;

/// <summary>Triangular mel filters over the one-sided STFT bins, equal to torchaudio's
/// <c>melscale_fbanks(n_fft/2+1, f_min, f_max, n_mels, sample_rate, norm=None, mel_scale="htk")</c>.
/// Stored sparsely: each triangle covers only the few bins between its neighbours' centres. Immutable.</summary>
public sealed class MelFilterBank
{
    private readonly double[] _centres;
    private readonly int[] _firstBin;
    private readonly int[] _offsets;
    private readonly double[] _weights;

    /// <summary>Builds the filterbank for <paramref name="options"/>.</summary>
    public MelFilterBank(MelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Mels = options.NMels;
        FrequencyBins = options.NFft / 2 + 1;

        // n_mels + 2 points equally spaced in mel; filter m rises from point m to m+1 and falls to m+2.
        var melMin = MelScale.HzToMel(options.FMin);
        var melMax = MelScale.HzToMel(options.MaxFrequency);
        var points = new double[Mels + 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = MelScale.MelToHz(melMin + (melMax - melMin) * i / (points.Length - 1));
        }
        _centres = points[1..^1];

        // torchaudio spaces the bins over [0, sample_rate // 2] (integer division), not the exact Nyquist.
        var binWidth = (double)(options.SampleRate / 2) / (FrequencyBins - 1);
        _firstBin = new int[Mels];
        _offsets = new int[Mels + 1];
        var weights = new List<double>();
        for (var m = 0; m < Mels; m++)
        {
            _offsets[m] = weights.Count;
            _firstBin[m] = FrequencyBins;
            for (var k = 0; k < FrequencyBins; k++)
            {
                var weight = Triangle(k * binWidth, points[m], points[m + 1], points[m + 2]);
                if (weight <= 0) continue;
                // Positive only strictly between the outer points, so a filter's weights are contiguous bins.
                if (_firstBin[m] == FrequencyBins) _firstBin[m] = k;
                weights.Add(weight);
            }
            if (_firstBin[m] == FrequencyBins) _firstBin[m] = 0;
        }
        _offsets[Mels] = weights.Count;
        _weights = [.. weights];
    }

    /// <summary>Number of filters (mel bands).</summary>
    public int Mels { get; }

    /// <summary>Number of one-sided STFT bins the filters span (n_fft / 2 + 1).</summary>
    public int FrequencyBins { get; }

    /// <summary>Number of stored (non-zero) weights over all filters.</summary>
    public int NonZeroWeights => _weights.Length;

    /// <summary>Centre frequency in hertz of filter <paramref name="mel"/>, where its weight would be 1.</summary>
    public double CentreFrequency(int mel) => _centres[mel];

    /// <summary>Weight of STFT bin <paramref name="bin"/> in filter <paramref name="mel"/> (torchaudio's
    /// <c>fb[bin, mel]</c>).</summary>
    public double Weight(int mel, int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(mel, Mels);
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, FrequencyBins);
        var index = bin - _firstBin[mel];
        var count = _offsets[mel + 1] - _offsets[mel];
        return index >= 0 && index < count ? _weights[_offsets[mel] + index] : 0.0;
    }

    /// <summary>The dense matrix [bin, mel], laid out as torchaudio returns it.</summary>
    public float[] ToDense()
    {
        var dense = new float[FrequencyBins * Mels];
        for (var m = 0; m < Mels; m++)
        {
            for (var i = _offsets[m]; i < _offsets[m + 1]; i++)
            {
                dense[(_firstBin[m] + i - _offsets[m]) * Mels + m] = (float)_weights[i];
            }
        }
        return dense;
    }

    /// <summary>Applies every filter to one power spectrum.</summary>
    internal void Apply(ReadOnlySpan<double> power, Span<double> mels)
    {
        var weights = _weights.AsSpan();
        for (var m = 0; m < Mels; m++)
        {
            var start = _offsets[m];
            var filter = weights[start.._offsets[m + 1]];
            var bins = power.Slice(_firstBin[m], filter.Length);
            var sum = 0.0;
            for (var i = 0; i < filter.Length; i++) sum += filter[i] * bins[i];
            mels[m] = sum;
        }
    }

    // Same expression as torchaudio's _create_triangular_filterbank: max(0, min(rising, falling)).
    private static double Triangle(double frequency, double left, double centre, double right)
    {
        var rising = (frequency - left) / (centre - left);
        var falling = (right - frequency) / (right - centre);
        return Math.Max(0.0, Math.Min(rising, falling));
    }
}

using MelMage.Audio.Wav;

namespace MelMage.Audio.Decoding;

/// <summary>What decoded audio must be before it is classified, and how silence is recognised: the rules for uploads
/// that are not sound (docs/audio.md). The API and the worker apply the same rules.</summary>
public static class AudioChecks
{
    /// <summary>Refuses audio that is not a recording of sound: any NaN or infinite sample, or shorter than
    /// <see cref="AudioCheckOptions.MinDurationSeconds"/>.</summary>
    /// <exception cref="InvalidAudioException">With <see cref="AudioErrorCode.NonFiniteSamples"/> or
    /// <see cref="AudioErrorCode.TooShort"/>.</exception>
    public static void Validate(DecodedAudio audio, AudioCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= AudioCheckOptions.Default;
        if (audio.NonFiniteSamples > 0)
        {
            throw new InvalidAudioException(AudioErrorCode.NonFiniteSamples,
                $"The audio holds {audio.NonFiniteSamples} sample(s) that are not numbers (NaN or infinity): it is " +
                "not a recording of sound, so it was not classified.");
        }
        if (audio.DurationSeconds < options.MinDurationSeconds)
        {
            throw new InvalidAudioException(AudioErrorCode.TooShort,
                $"The audio is {audio.DurationSeconds:0.###} s long; at least {options.MinDurationSeconds:0.###} s " +
                "is needed to classify a sound.");
        }
    }

    /// <summary>Peak level in dBFS (negative infinity for digital silence).</summary>
    public static double PeakDbfs(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var s in samples) peak = Math.Max(peak, Math.Abs(s));
        return peak == 0 ? double.NegativeInfinity : 20 * Math.Log10(peak);
    }

    /// <summary>Null when the audio has sound to classify; otherwise the message that says it is silent.</summary>
    public static string? Silence(DecodedAudio audio, AudioCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= AudioCheckOptions.Default;
        var peak = PeakDbfs(audio.Samples);
        if (double.IsNegativeInfinity(peak))
        {
            return "The recording is silent (every sample is zero: digital silence), so there is no sound to " +
                   "classify.";
        }
        return peak < options.SilenceFloorDbfs
            ? $"The recording is silent: its loudest sample is {peak:0.0} dBFS, below the {options.SilenceFloorDbfs:0.#} " +
              "dBFS floor (no louder than the last bit of 16-bit audio), so there is no sound to classify."
            : null;
    }
}

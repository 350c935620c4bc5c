namespace MelMage.Audio.Spectrograms;

/// <summary>A log-mel spectrogram in decibels, row-major [mel band, frame].</summary>
public sealed record Spectrogram(float[] Values, int Mels, int Frames)
{
    public float this[int mel, int frame] => Values[mel * Frames + frame];
}

namespace MelMage.Audio.Wav;

/// <summary>What the fmt chunk says, after validation: every field is one the sample converter can rely on.</summary>
/// <param name="Encoding">Container encoding of each sample.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="BlockAlign">Bytes per frame.</param>
/// <param name="BitsPerSample">Container bits per sample.</param>
internal readonly record struct WavFormat(
    WavSampleEncoding Encoding, int Channels, int SampleRate, int BlockAlign, int BitsPerSample);

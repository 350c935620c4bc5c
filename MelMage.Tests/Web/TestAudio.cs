namespace MelMage.Tests.Web;

/// <summary>Audio files made in code for the page tests.</summary>
public static class TestAudio
{
    /// <summary>A 16-bit mono WAV of a tone.</summary>
    public static byte[] ToneWav(double seconds, double hz = 440, int sampleRate = 44100)
    {
        var samples = (int)(seconds * sampleRate);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples * 2);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++) writer.Write((short)(Math.Sin(2 * Math.PI * hz * i / sampleRate) * 12000));
        writer.Flush();
        return stream.ToArray();
    }
}

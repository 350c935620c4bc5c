using System.Buffers.Binary;

namespace MelMage.Audio.Wav;

/// <summary>Reads and validates the body of a fmt chunk (WAVEFORMATEX, or WAVEFORMATEXTENSIBLE).</summary>
internal static class WavFormatParser
{
    private const int MinimumSize = 16;
    private const int ExtensibleSize = 40;

    public static WavFormat Parse(ReadOnlySpan<byte> fmt, WavDecodeLimits limits)
    {
        if (fmt.Length < MinimumSize)
        {
            throw new InvalidAudioException(AudioErrorCode.InvalidChunk,
                $"The WAV fmt chunk is {fmt.Length} bytes long; it must be at least {MinimumSize}.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        var validBits = bits;

        if (tag == WavFormatTags.Extensible)
        {
            if (fmt.Length < ExtensibleSize)
            {
                throw new InvalidAudioException(AudioErrorCode.InvalidChunk,
                    $"The WAV fmt chunk says WAVE_FORMAT_EXTENSIBLE but is only {fmt.Length} bytes long; " +
                    $"it needs {ExtensibleSize}.");
            }
            validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            // The SubFormat GUID starts with the classic format tag (KSDATAFORMAT_SUBTYPE_PCM = 0x0001...).
            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            if (validBits == 0) validBits = bits;
        }

        var encoding = ResolveEncoding(tag, bits);
        if (validBits > bits)
        {
            throw new InvalidAudioException(AudioErrorCode.UnsupportedBitDepth,
                $"The WAV header says {validBits} valid bits in a {bits}-bit sample container, which is impossible.");
        }
        ValidateChannels(channels, limits);
        ValidateSampleRate(sampleRate, limits);

        var expectedAlign = channels * (bits / 8);
        if (blockAlign != expectedAlign)
        {
            throw new InvalidAudioException(AudioErrorCode.InvalidBlockAlign,
                $"The WAV header's block align is {blockAlign} bytes, but {channels} channel(s) × {bits / 8} " +
                $"byte(s) per sample = {expectedAlign}; the header is inconsistent.");
        }

        return new WavFormat(encoding, channels, (int)sampleRate, blockAlign, bits);
    }

    private static WavSampleEncoding ResolveEncoding(ushort tag, int bits)
    {
        switch (tag)
        {
            case WavFormatTags.Pcm:
                return bits switch
                {
                    8 => WavSampleEncoding.PcmUnsigned8,
                    16 => WavSampleEncoding.Pcm16,
                    24 => WavSampleEncoding.Pcm24,
                    32 => WavSampleEncoding.Pcm32,
                    _ => throw new InvalidAudioException(AudioErrorCode.UnsupportedBitDepth,
                        $"Unsupported PCM bit depth {bits}; MelMage reads 8, 16, 24 and 32-bit PCM."),
                };
            case WavFormatTags.IeeeFloat:
                return bits switch
                {
                    32 => WavSampleEncoding.Float32,
                    64 => WavSampleEncoding.Float64,
                    _ => throw new InvalidAudioException(AudioErrorCode.UnsupportedBitDepth,
                        $"Unsupported IEEE float bit depth {bits}; MelMage reads 32 and 64-bit float."),
                };
            default:
                var name = WavFormatTags.Describe(tag);
                throw new InvalidAudioException(AudioErrorCode.UnsupportedFormatTag,
                    $"Unsupported WAV format tag 0x{tag:X}{(name is null ? "" : $" ({name})")}; " +
                    "MelMage reads PCM and IEEE float WAV.");
        }
    }

    private static void ValidateChannels(int channels, WavDecodeLimits limits)
    {
        if (channels == 0)
        {
            throw new InvalidAudioException(AudioErrorCode.ZeroChannels, "The WAV header says 0 channels.");
        }
        if (channels > limits.MaxChannels)
        {
            throw new InvalidAudioException(AudioErrorCode.TooManyChannels,
                $"The WAV header says {channels} channels; at most {limits.MaxChannels} are accepted.");
        }
    }

    private static void ValidateSampleRate(uint sampleRate, WavDecodeLimits limits)
    {
        if (sampleRate == 0)
        {
            throw new InvalidAudioException(AudioErrorCode.ZeroSampleRate, "The WAV header says 0 Hz.");
        }
        if (sampleRate > (uint)limits.MaxSampleRate)
        {
            throw new InvalidAudioException(AudioErrorCode.UnsupportedSampleRate,
                $"The WAV header says {sampleRate} Hz; sample rates from 1 Hz to {limits.MaxSampleRate} Hz " +
                "are accepted.");
        }
    }
}

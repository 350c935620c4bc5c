using MelMage.Audio.Wav;
using MelMage.Tests.Audio.Support;

namespace MelMage.Tests.Audio.Wav;

public sealed class WavFuzzTests
{
    private const int Mutations = 2000;

    [Fact]
    public void Decode_RandomMutationsOfValidFiles_ThrowNothingButInvalidAudio()
    {
        var random = new Random(20261124);
        var seeds = SeedFiles();
        var (decoded, rejected) = (0, 0);

        for (var i = 0; i < Mutations; i++)
        {
            var file = Mutate(seeds[i % seeds.Length], random);
            try
            {
                var audio = WavDecoder.Decode(file);
                Assert.All(audio.Samples, s => Assert.InRange(s, -1f, 1f));
                decoded++;
            }
            catch (InvalidAudioException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation {i} raised {e.GetType().Name}: {e.Message}\nFile: {Convert.ToHexString(file)}");
            }
        }

        // Both outcomes must occur, or the mutations are not probing the parser at all.
        Assert.InRange(decoded, Mutations / 20, Mutations);
        Assert.InRange(rejected, Mutations / 20, Mutations);
    }

    private static byte[][] SeedFiles()
    {
        var tone = Signals.Sine(8000, 440, 0.8, 64);
        return
        [
            WavEncoder.Encode(tone, 8000),
            WavEncoder.Encode(tone, 16000, 2, WavSampleEncoding.Pcm24),
            WavEncoder.Encode(tone, 44100, 4, WavSampleEncoding.Float64),
            new RiffBuilder().Chunk("JUNK", [1, 2, 3]).Fmt(1, 1, 8000, 8)
                .Data(WavEncoder.Encode(tone, 8000, 1, WavSampleEncoding.PcmUnsigned8)[44..])
                .Chunk("LIST", new byte[10]).Build(),
            new RiffBuilder().FmtExtensible(3, 2, 48000, 32, 32)
                .Data(WavEncoder.Encode(tone, 48000, 2, WavSampleEncoding.Float32)[44..]).Build(),
        ];
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var file = (byte[])seed.Clone();
        var header = Math.Min(file.Length, 80);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            switch (random.Next(5))
            {
                case 0: // flip bits in the header, where every byte matters
                    file[random.Next(header)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // overwrite a 16- or 32-bit field with an extreme value
                    var at = random.Next(header - 4);
                    uint[] extremes = [0, 1, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
                    BitConverter.TryWriteBytes(file.AsSpan(at), extremes[random.Next(extremes.Length)]);
                    break;
                case 2: // random byte anywhere
                    file[random.Next(file.Length)] = (byte)random.Next(256);
                    break;
                case 3: // cut the file short
                    file = file[..random.Next(file.Length)];
                    header = Math.Min(header, file.Length);
                    if (header < 5) return file;
                    break;
                default: // splice a random run of bytes into the header
                    var insert = new byte[random.Next(1, 9)];
                    random.NextBytes(insert);
                    var pos = random.Next(header);
                    file = [.. file[..pos], .. insert, .. file[pos..]];
                    break;
            }
        }
        return file;
    }
}

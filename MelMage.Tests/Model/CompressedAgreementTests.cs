using MelMage.Audio.Decoding;
using MelMage.Audio.Wav;
using MelMage.Model.Inference;
using MelMage.Tests.Audio.Support;
using MelMage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MelMage.Tests.Model;

/// <summary>The shipped model's answers on compressed copies of the dev clips, made by ffmpeg during the run. FLAC is
/// lossless and must give the very same top-3. MP3 128 kbit/s and Opus 64 kbit/s must give the same top-1 on at least
/// 95 % of the clips (issue #13); the whole dev set's numbers are in docs/audio.md. CI uses a deterministic subset of
/// 100 clips; <c>MELMAGE_AGREEMENT_CLIPS=all</c> measures the whole dev set.</summary>
public sealed class CompressedAgreementTests(ITestOutputHelper output)
{
    private const int SubsetSize = 100;
    private const int FlacClips = 10;
    private const double Mp3Floor = 0.95;
    private const double OpusFloor = 0.95;

    [Fact]
    public void ShippedModel_CompressedCopiesOfDevClips_KeepTheirAnswers()
    {
        var all = Directory.GetFiles(Path.Combine(TestPaths.Esc50Dev, "audio"), "*.wav").Select(Path.GetFileName)
            .Order(StringComparer.Ordinal).ToList();
        var clips = Environment.GetEnvironmentVariable("MELMAGE_AGREEMENT_CLIPS") == "all"
            ? all
            : all.Where((_, i) => i % Math.Max(1, all.Count / SubsetSize) == 0).Take(SubsetSize).ToList();
        using var engine = InferenceEngine.Load(Path.Combine(TestPaths.RepositoryRoot, "models", "esc50"));

        var formats = new (string Name, string Extension, string[] Options)[]
        {
            ("FLAC", "flac", []),
            ("MP3 128 kbit/s", "mp3", ["-b:a", "128k"]),
            ("Opus 64 kbit/s", "ogg", ["-c:a", "libopus", "-b:a", "64k"]),
        };
        var wavTop = Top(engine, clips.Select(c => WavDecoder.Decode(File.ReadAllBytes(TestPaths.Esc50Clip(c!)))).ToList());
        var agreement = new Dictionary<string, double>();
        foreach (var (name, extension, options) in formats)
        {
            // FLAC decodes to the WAV's samples exactly (AudioDecoderTests), so a few clips show the same top-3.
            var used = name == "FLAC" ? clips.Take(FlacClips).ToList() : clips;
            var files = used.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
                .Select(c => Ffmpeg.Encode(c!, extension, options)).ToList();
            var top = Top(engine, files.Select(f => AudioDecoder.Decode(f)).ToList());
            if (name == "FLAC")
            {
                for (var i = 0; i < used.Count; i++) Assert.True(wavTop[i].SequenceEqual(top[i]), $"{used[i]}: FLAC top-3 differs");
            }
            agreement[name] = (double)top.Where((t, i) => t[0] == wavTop[i][0]).Count() / used.Count;
            output.WriteLine($"{name}: top-1 agrees with the WAV on {agreement[name]:P1} of {used.Count} clips");
        }

        Assert.True(agreement["MP3 128 kbit/s"] >= Mp3Floor, $"MP3: {agreement["MP3 128 kbit/s"]:P1}");
        Assert.True(agreement["Opus 64 kbit/s"] >= OpusFloor, $"Opus: {agreement["Opus 64 kbit/s"]:P1}");
    }

    private static List<string[]> Top(InferenceEngine engine, List<DecodedAudio> audio) =>
        audio.Chunk(16).SelectMany(batch => engine.Analyze(batch, AnalysisOptions.PredictionsOnly))
            .Select(a => a.Predictions.Select(p => p.Label).ToArray()).ToList();
}

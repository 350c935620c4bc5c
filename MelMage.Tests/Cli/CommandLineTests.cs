using System.Text.Json;
using MelMage.Audio.IO;
using MelMage.Audio.Spectrograms;
using MelMage.Audio.Wav;
using MelMage.Tests.Infrastructure;
using MelMage.Worker.Gpu.Cli;
using Microsoft.Extensions.Configuration;

namespace MelMage.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("melmage-cli-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Classify_GoodAndBadFiles_PrintsOneJsonLineEachAndExitCode2()
    {
        var bad = Path.Combine(temp, "notes.wav");
        File.WriteAllText(bad, "these are not samples");
        var good = TestPaths.Esc50Clip("4-102844-A-49.wav");

        var (code, output, _) = Run("classify", good, bad, Path.Combine(temp, "missing.wav"), "--untrained");

        Assert.Equal(2, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(good, lines[0].GetProperty("file").GetString());
        Assert.Equal(3, lines[0].GetProperty("predictions").GetArrayLength());
        Assert.Equal(44100, lines[0].GetProperty("sampleRate").GetInt32());
        Assert.Equal(5.0, lines[0].GetProperty("durationSeconds").GetDouble(), 3);
        Assert.Equal("untrained-seed0", lines[0].GetProperty("model").GetString());
        Assert.Contains("RIFF", lines[1].GetProperty("error").GetString());
        Assert.True(lines[2].TryGetProperty("error", out _));
    }

    [Fact]
    public void Classify_Mp3FlacSilenceNaNAndTooShort_AnswersEachAsTheServiceDoes()
    {
        var clip = "4-102844-A-49.wav";
        var mp3 = Path.Combine(temp, "clip.mp3");
        var flac = Path.Combine(temp, "clip.flac");
        var silence = Path.Combine(temp, "silence.wav");
        var nan = Path.Combine(temp, "nan.wav");
        var blip = Path.Combine(temp, "blip.wav");
        File.WriteAllBytes(mp3, MelMage.Tests.Audio.Support.Ffmpeg.Encode(clip, "mp3", "-b:a", "128k"));
        File.WriteAllBytes(flac, MelMage.Tests.Audio.Support.Ffmpeg.Encode(clip, "flac"));
        File.WriteAllBytes(silence, WavEncoder.Encode(new float[44100], 44100));
        File.WriteAllBytes(nan, new MelMage.Tests.Audio.Support.RiffBuilder().Fmt(3, 1, 44100, 32)
            .Data(Enumerable.Repeat(new byte[] { 0, 0, 0xC0, 0x7F }, 44100).SelectMany(b => b).ToArray()).Build());
        File.WriteAllBytes(blip, WavEncoder.Encode(new float[441], 44100));

        var (code, output, _) = Run("classify", mp3, flac, silence, nan, blip, "--untrained");

        Assert.Equal(2, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines[0].GetProperty("predictions").GetArrayLength());
        Assert.Equal(3, lines[1].GetProperty("predictions").GetArrayLength());
        Assert.True(lines[2].GetProperty("silent").GetBoolean());
        Assert.Contains("silent", lines[2].GetProperty("message").GetString());
        Assert.Contains("not numbers", lines[3].GetProperty("error").GetString());
        Assert.Contains("0.01 s long; at least 0.5 s", lines[4].GetProperty("error").GetString());
    }

    [Fact]
    public void Classify_ModelDirectoryThatIsNotAModel_SaysWhyAndExits3()
    {
        var (code, _, error) = Run("classify", TestPaths.Esc50Clip("4-102844-A-49.wav"), "--model", temp);
        Assert.Equal(3, code);
        Assert.Contains("not a MelMage model directory", error);
    }

    [Fact]
    public void Bench_ModelDirectoryThatIsNotAModel_SaysWhyAndExits3()
    {
        var (code, output, error) = Run("bench", "--model", Path.Combine(temp, "nowhere"), "--iterations", "1", "--no-train");
        Assert.Equal(3, code);
        Assert.Contains("not a MelMage model directory", error);
        Assert.DoesNotContain("   at ", error + output);
    }

    [Fact]
    public void Mel_WritesTheSpectrogramTheModelSees()
    {
        var clip = TestPaths.Esc50Clip("4-102844-A-49.wav");
        var npy = Path.Combine(temp, "clip.npy");

        var (code, _, _) = Run("mel", clip, "--out", npy);

        Assert.Equal(0, code);
        var array = NpyFile.Read(npy);
        Assert.Equal([128, 431], array.Shape);
        var expected = new LogMelSpectrogram(MelOptions.Default).Compute(WavDecoder.Decode(File.ReadAllBytes(clip)).Samples);
        Assert.Equal(expected.Values, array.Data);
    }

    [Fact]
    public void Mel_CustomFrontEnd_ResamplesAndUsesIt()
    {
        var npy = Path.Combine(temp, "small.npy");
        var (code, _, _) = Run("mel", TestPaths.Esc50Clip("4-102844-A-49.wav"), "--out", npy,
            "--sample-rate", "22050", "--n-mels", "64", "--hop", "256", "--f-max", "11025");
        Assert.Equal(0, code);
        Assert.Equal([64, 431], NpyFile.Read(npy).Shape);
    }

    [Fact]
    public void Bench_SmallRun_EndsWithJsonOfTheMeasurements()
    {
        var (code, output, _) = Run("bench", "--frames", "40", "--batch", "2", "--iterations", "3", "--train-batch", "2", "--shifts", "2");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        foreach (var key in new[] { "inferMsP50", "clipsPerSecond", "trainStepSeconds", "threads", "device" })
            Assert.True(json.TryGetProperty(key, out _), key);
        Assert.True(json.GetProperty("inferMsP50").GetDouble() > 0);
        Assert.Equal("cpu", json.GetProperty("device").GetString());
        Assert.Equal(2, json.GetProperty("shifts").GetInt32());
    }

    [Fact]
    public void Classify_ShiftsOutOfRange_IsAUsageError()
    {
        var (code, output, error) = Run("classify", TestPaths.Esc50Clip("4-102844-A-49.wav"), "--untrained", "--shifts", "0");
        Assert.Equal(64, code);
        Assert.Contains("--shifts must lie in 1..64 (1: off), not 0", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void UnknownOption_IsAUsageErrorNotSilence()
    {
        var (code, _, error) = Run("classify", "x.wav", "--untrained", "--modle", "y");
        Assert.Equal(64, code);
        Assert.Contains("--modle", error);
    }

    [Theory]
    [InlineData("--recipe", "r9", "--recipe must be r5 or r4 or r3 or r2 or r1 or seed, not 'r9'")]
    [InlineData("--shift", "--no-shift", "--shift and --no-shift contradict each other")]
    [InlineData("--ema", "1.5", "--ema must be a decay between 0 and 1")]
    [InlineData("--class-balance", "2", "--class-balance must lie between 0 (off) and 1")]
    public void Train_BadRecipeChoices_AreUsageErrorsBeforeAnyWork(string option, string value, string message)
    {
        var (code, output, error) = Run("train", "--data", Path.Combine(Path.GetTempPath(), "no-such-esc50"), option, value);
        Assert.Equal(64, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("epoch", output);
    }

    [Fact]
    public void Migrate_NoConnectionString_SaysWhichVariableInOneLineAndExits78()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = CommandLine.Run(["migrate"], new ConfigurationBuilder().Build(), output, error);

        Assert.Equal(78, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings__melmage", line);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Migrate_MalformedConnectionString_SaysSoInOneLineAndExits78()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>("ConnectionStrings:melmage", "Hots=127.0.0.1;Nonsense")])
            .Build();
        var error = new StringWriter();

        var code = CommandLine.Run(["migrate"], configuration, TextWriter.Null, error);

        Assert.Equal(78, code);
        Assert.Contains("not an Npgsql connection string", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}

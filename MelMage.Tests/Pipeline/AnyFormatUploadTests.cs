using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MelMage.Audio.Wav;
using MelMage.Contracts.Api;
using MelMage.Tests.Audio.Support;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

/// <summary>Compressed uploads and uploads that are not sound, through the real API, worker, Postgres and RabbitMQ.</summary>
[Collection(PipelineCollection.Name)]
public sealed class AnyFormatUploadTests(PipelineFixture pipeline)
{
    private const string Clip = "4-102844-A-49.wav";

    [PipelineFact]
    public async Task PostJob_FlacMp3OpusAndM4a_EachSucceedsWithTopThree()
    {
        var client = await pipeline.ApiAsync();
        var wav = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(
            await File.ReadAllBytesAsync(TestPaths.Esc50Clip(Clip)))).Id);
        var files = new (string Name, byte[] Content)[]
        {
            ("clip.flac", Ffmpeg.Encode(Clip, "flac")),
            ("clip.mp3", Ffmpeg.Encode(Clip, "mp3", "-b:a", "128k")),
            ("clip.ogg", Ffmpeg.Encode(Clip, "ogg", "-c:a", "libopus", "-b:a", "64k")),
            ("clip.webm", Ffmpeg.Encode(Clip, "webm", "-c:a", "libopus", "-b:a", "64k")),
            ("clip.m4a", Ffmpeg.Encode(Clip, "m4a", "-c:a", "aac")),
        };

        foreach (var (name, content) in files)
        {
            var job = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(content, name)).Id);

            Assert.True(job.Status == JobStatusNames.Succeeded, $"{name}: {job.Error?.Message}");
            Assert.Equal(3, job.Result!.Top.Count);
            Assert.False(job.Result.Silent);
            if (name == "clip.flac") Assert.Equal(wav.Result!.Top, job.Result.Top); // lossless: the very same answer
        }
    }

    private static readonly (string Name, int Status, string Code)[] Refused =
    [
        ("truncated.flac", 400, nameof(AudioErrorCode.Undecodable)),
        ("truncated.m4a", 400, nameof(AudioErrorCode.Undecodable)),
        ("random-with-mp3-header.mp3", 400, nameof(AudioErrorCode.Undecodable)),
        ("text-named.mp3", 415, nameof(AudioErrorCode.NotRiff)),
        ("nan.wav", 400, nameof(AudioErrorCode.NonFiniteSamples)),
        ("ten-milliseconds.wav", 400, nameof(AudioErrorCode.TooShort)),
        ("twenty-minutes.wav", 413, nameof(AudioErrorCode.TooLong)),
        ("twenty-minutes.ogg", 413, nameof(AudioErrorCode.TooLong)),
    ];

    [PipelineFact]
    public async Task PostJob_NotSoundOrDamaged_ReturnsProblemWithCodeAndStoresNothing()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        var jobsBefore = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs");

        foreach (var (name, status, code) in Refused)
        {
            using var response = await client.UploadJobAsync(Make(name), name);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: {body}");
            await ApiClientExtensions.AssertProblemAsync(response, status);
            using var problem = JsonDocument.Parse(body);
            Assert.True(code == problem.RootElement.GetProperty("code").GetString(), $"{name}: {body}");
            if (name == "ten-milliseconds.wav")
            {
                Assert.Contains("0.01 s long; at least 0.5 s", problem.RootElement.GetProperty("detail").GetString());
            }
        }
        Assert.Equal(jobsBefore, await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [PipelineFact]
    public async Task PostJob_DigitalSilence_SucceedsAsSilentWithoutTopThree()
    {
        var client = await pipeline.ApiAsync();

        var job = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(
            WavEncoder.Encode(new float[44100 + Random.Shared.Next(1000)], 44100), "silence.wav")).Id);

        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        Assert.True(job.Result!.Silent);
        Assert.Empty(job.Result.Top);
        Assert.Contains("The recording is silent", job.Result.Notes[0]);
    }

    [PipelineFact]
    public async Task PostJob_VeryQuietSound_IsClassifiedNormally()
    {
        var client = await pipeline.ApiAsync();
        var clip = WavDecoder.Decode(await File.ReadAllBytesAsync(TestPaths.Esc50Clip(Clip)));
        var peak = clip.Samples.Max(Math.Abs);
        var quiet = clip.Samples.Select(s => s / peak * 0.001f).ToArray(); // peak at -60 dBFS

        var job = await client.WaitForJobAsync((await client.UploadJobAcceptedAsync(
            WavEncoder.Encode(quiet, 44100, 1, WavSampleEncoding.Float32), "quiet.wav")).Id);

        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        Assert.False(job.Result!.Silent);
        Assert.Equal(3, job.Result.Top.Count);
    }

    [PipelineFact]
    public async Task PostBatch_ZipOfMp3AndFlac_QueuesEveryEntry()
    {
        var client = await pipeline.ApiAsync();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[]
                     {
                         ("a.mp3", Ffmpeg.Encode(Clip, "mp3", "-b:a", "128k")),
                         ("b.flac", Ffmpeg.Encode(Clip, "flac")),
                         ("README.txt", "not audio, skipped"u8.ToArray()),
                     })
            {
                await using var entry = zip.CreateEntry(name).Open();
                await entry.WriteAsync(content);
            }
        }
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "files", "clips.zip");

        using var response = await client.PostAsync("/api/batches", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!;
        Assert.Equal(2, accepted.Total);
        Assert.Equal(2, (await client.WaitForBatchAsync(accepted.Id, TimeSpan.FromMinutes(2))).Succeeded);
    }

    [PipelineFact]
    public async Task PostInference_Mp3AndSilence_AnswersPredictionsThenSilent()
    {
        var client = await pipeline.ApiAsync();

        using var mp3 = await client.PostAsJsonAsync("/api/inference",
            new { audio_data = Convert.ToBase64String(Ffmpeg.Encode(Clip, "mp3", "-b:a", "128k")) });
        using var silence = await client.PostAsJsonAsync("/api/inference",
            new { audio_data = Convert.ToBase64String(WavEncoder.Encode(new float[44100], 44100)) });

        Assert.Equal(HttpStatusCode.OK, mp3.StatusCode);
        await ApiClientExtensions.AssertProblemAsync(silence, 422);
        Assert.Contains("silent", await silence.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static byte[] Make(string name) => name switch
    {
        "truncated.flac" => Ffmpeg.Encode(Clip, "flac")[..12000],
        "truncated.m4a" => Ffmpeg.Encode(Clip, "m4a", "-c:a", "aac")[..3000],
        "random-with-mp3-header.mp3" => [.. "ID3\x04\0\0\0\0\0\0"u8, .. RandomBytes(40_000)],
        "text-named.mp3" => "these are meeting notes, not a recording"u8.ToArray(),
        "nan.wav" => new RiffBuilder().Fmt(3, 1, 44100, 32).Data(NaNs(44100)).Build(),
        "ten-milliseconds.wav" => WavEncoder.Encode(new float[441].Select((_, i) => MathF.Sin(i * 0.1f) * 0.5f).ToArray(), 44100),
        // 20 min of 8-bit audio at 1 kHz (1.2 MB, under the upload limit): refused from its size before any conversion.
        "twenty-minutes.wav" => new RiffBuilder().Fmt(1, 1, 1000, 8).Data(new byte[20 * 60 * 1000]).Build(),
        "twenty-minutes.ogg" => Ffmpeg.Make("twenty-minutes.ogg", ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "1200",
            "-c:a", "libopus", "-b:a", "6k"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] NaNs(int count)
    {
        var bytes = new byte[count * 4];
        for (var i = 0; i < count; i++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), float.NaN);
        return bytes;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(5).NextBytes(bytes);
        return bytes;
    }
}

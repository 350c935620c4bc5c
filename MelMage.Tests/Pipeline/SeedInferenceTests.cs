using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MelMage.Model;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class SeedInferenceTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task PostInference_SeedJsonRequest_AnswersInTheSeedsShape()
    {
        var client = await pipeline.ApiAsync();
        var clip = await File.ReadAllBytesAsync(TestPaths.Esc50Clip("4-102844-A-49.wav"));

        using var response = await client.PostAsJsonAsync("/api/inference", new { audio_data = Convert.ToBase64String(clip) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(["predictions", "visualization", "input_spectrogram", "waveform"],
            root.EnumerateObject().Select(p => p.Name));

        var predictions = root.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(3, predictions.Count);
        Assert.All(predictions, p =>
        {
            Assert.Equal(["class", "confidence"], p.EnumerateObject().Select(x => x.Name));
            Assert.Contains(p.GetProperty("class").GetString(), Esc50Labels.All);
        });

        var visualization = root.GetProperty("visualization").EnumerateObject().ToList();
        Assert.Equal(37, visualization.Count);
        Assert.Contains(visualization, v => v.Name == "conv1");
        foreach (var map in visualization)
        {
            var shape = map.Value.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()).ToArray();
            var rows = map.Value.GetProperty("values").EnumerateArray().ToList();
            Assert.Equal(2, shape.Length);
            Assert.Equal(shape[0], rows.Count);
            Assert.Equal(shape[1], rows[0].GetArrayLength());
        }

        var spectrogram = root.GetProperty("input_spectrogram");
        Assert.Equal([128, 431], spectrogram.GetProperty("shape").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(128, spectrogram.GetProperty("values").GetArrayLength());

        var waveform = root.GetProperty("waveform");
        // The seed's values[::len // 8000]: 220500 samples, step 27 → 8167 values.
        Assert.Equal(8167, waveform.GetProperty("values").GetArrayLength());
        Assert.Equal(44100, waveform.GetProperty("sample_rate").GetInt32());
        Assert.Equal(5.0, waveform.GetProperty("duration").GetDouble(), 2);
    }

    [PipelineFact]
    public async Task PostInference_BadBase64OrBadAudio_Returns400Problem()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        using var notBase64 = await client.PostAsJsonAsync("/api/inference", new { audio_data = "###" });
        await ApiClientExtensions.AssertProblemAsync(notBase64, 400);
        using var notWav = await client.PostAsJsonAsync("/api/inference",
            new { audio_data = Convert.ToBase64String(TestWav.Noise(0.5, 3)[..30]) });
        await ApiClientExtensions.AssertProblemAsync(notWav, 400);
    }
}

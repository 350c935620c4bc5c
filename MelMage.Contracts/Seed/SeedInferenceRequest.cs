using System.Text.Json.Serialization;

namespace MelMage.Contracts.Seed;

/// <summary>The seed's request body: a base64-encoded WAV file, and (MelMage's addition) the model to ask.</summary>
public sealed record SeedInferenceRequest(
    [property: JsonPropertyName("audio_data")] string? AudioData,
    [property: JsonPropertyName("model")] string? Model = null);

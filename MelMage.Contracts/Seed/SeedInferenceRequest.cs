using System.Text.Json.Serialization;

namespace MelMage.Contracts.Seed;

/// <summary>The seed's request body: a base64-encoded WAV file.</summary>
public sealed record SeedInferenceRequest([property: JsonPropertyName("audio_data")] string? AudioData);

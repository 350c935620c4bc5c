namespace MelMage.Audio.Wav;

/// <summary>The input is not audio the decoder can read; <see cref="Exception.Message"/> says what is wrong in words
/// a person can act on.</summary>
public sealed class InvalidAudioException(AudioErrorCode code, string message) : Exception(message)
{
    public AudioErrorCode Code { get; } = code;
}

using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MelMage.Audio.Wav;

namespace MelMage.Audio.Decoding;

/// <summary>Decodes compressed audio (MP3, Ogg Vorbis/Opus, WebM, FLAC, AAC/M4A, AMR, AIFF, ...) with Debian's ffmpeg
/// run as a child process on untrusted input.</summary>
/// <remarks>
/// Containment: the bytes go to a private temporary file (folder 0700, file 0600, deleted afterwards: MP4 needs a
/// seekable input); ffmpeg and ffprobe may open only that file (<c>-protocol_whitelist file</c>, no network protocol);
/// ffprobe's duration is checked against the limit before any decoding; the decoder writes one audio stream as 32-bit
/// float WAV to a pipe, cut off at the maximum duration (<c>-t</c>) and at a byte cap; the process runs under an
/// address-space limit and is killed at a deadline. Anything ffmpeg reports as an error refuses the file with its
/// reason: a damaged or truncated stream is not analysed as if it were whole. Channels are averaged by MelMage's WAV
/// path, exactly as for a WAV upload, and the sample rate is kept for MelMage's own resampler.
/// </remarks>
internal static partial class FfmpegDecoder
{
    private const long WavHeaderAllowance = 64 * 1024;

    public static DecodedAudio Decode(ReadOnlySpan<byte> file, string container, AudioDecodeOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("melmage-decode-");
        try
        {
            var input = Path.Combine(folder.FullName, "upload");
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(input, create))
            {
                stream.Write(file);
            }
            var deadline = DateTime.UtcNow + options.DecodeTimeout;
            var probe = Probe(input, container, options);
            var audio = Run(input, container, probe, options, deadline - DateTime.UtcNow);
            return audio with { Container = container };
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is private and under the system's temporary directory.
            }
        }
    }

    private sealed record ProbeResult(int SampleRate, int Channels, double? DurationSeconds, string Codec);

    private static ProbeResult Probe(string input, string container, AudioDecodeOptions options)
    {
        var outcome = Start(options.FfprobePath, container, [
            "-v", "error", "-protocol_whitelist", "file", "-select_streams", "a:0",
            "-show_entries", "stream=codec_name,sample_rate,channels,duration:format=duration",
            "-of", "json", "file:" + input,
        ], 1024 * 1024, options.DecodeTimeout, options);
        if (outcome.TimedOut) throw Timeout(container, options);
        if (outcome.ExitCode != 0) throw Undecodable(container, outcome.Stderr, input);

        using var json = JsonDocument.Parse(outcome.Stdout);
        var streams = json.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
        {
            throw new InvalidAudioException(AudioErrorCode.Undecodable,
                $"This {container} file holds no audio stream that ffmpeg can find.");
        }
        var stream = streams[0];
        var rate = int.TryParse(Text(stream, "sample_rate"), CultureInfo.InvariantCulture, out var r) ? r : 0;
        var channels = stream.TryGetProperty("channels", out var c) && c.TryGetInt32(out var n) ? n : 0;
        var duration = Seconds(Text(stream, "duration")) ??
                       (json.RootElement.TryGetProperty("format", out var f) ? Seconds(Text(f, "duration")) : null);
        var codec = Text(stream, "codec_name") ?? "unknown";

        if (rate <= 0 || channels <= 0)
        {
            throw new InvalidAudioException(AudioErrorCode.Undecodable,
                $"ffmpeg found a {codec} stream in this {container} file but no sample rate or channel count: the file " +
                "is damaged or not the format it claims.");
        }
        if (channels > options.MaxChannels)
        {
            throw new InvalidAudioException(AudioErrorCode.TooManyChannels,
                $"The {container} file has {channels} channels; at most {options.MaxChannels} are accepted.");
        }
        if (rate > options.WavLimits.MaxSampleRate)
        {
            throw new InvalidAudioException(AudioErrorCode.UnsupportedSampleRate,
                $"The {container} file is at {rate} Hz; sample rates up to {options.WavLimits.MaxSampleRate} Hz are " +
                "accepted.");
        }
        if (duration > options.MaxDurationSeconds)
        {
            throw new InvalidAudioException(AudioErrorCode.TooLong,
                $"The audio is {duration:0.0} s long; at most {options.MaxDurationSeconds:0.###} s is accepted.");
        }
        return new ProbeResult(rate, channels, duration, codec);
    }

    private static DecodedAudio Run(string input, string container, ProbeResult probe, AudioDecodeOptions options,
        TimeSpan timeLeft)
    {
        // One second past the limit, so that audio longer than the limit decodes to more than it and is refused.
        var cutOff = options.MaxDurationSeconds + 1;
        var cap = WavHeaderAllowance + (long)Math.Ceiling(cutOff * probe.SampleRate) * probe.Channels * 4;
        var outcome = Start(options.FfmpegPath, container, [
            "-nostdin", "-hide_banner", "-nostats", "-v", "error", "-threads", "1",
            "-protocol_whitelist", "file", "-i", "file:" + input,
            "-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1", "-bitexact",
            "-t", cutOff.ToString(CultureInfo.InvariantCulture),
            "-c:a", "pcm_f32le", "-f", "wav", "pipe:1",
        ], cap, timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.FromSeconds(1), options);
        if (outcome.TimedOut) throw Timeout(container, options);
        if (!outcome.HitCap && (outcome.ExitCode != 0 || !string.IsNullOrWhiteSpace(outcome.Stderr)))
        {
            throw Undecodable(container, outcome.Stderr, input);
        }

        // The decoded stream is a WAV of float samples that MelMage's own WAV path reads (its size fields are
        // placeholders on a pipe, which that path accepts), so channels are averaged as for a WAV upload.
        DecodedAudio audio;
        try
        {
            audio = WavDecoder.Decode(outcome.Stdout, options.WavLimits with { MaxFileBytes = long.MaxValue });
        }
        catch (InvalidAudioException ex) when (ex.Code is AudioErrorCode.NoSamples or AudioErrorCode.TruncatedHeader
                                                   or AudioErrorCode.MissingDataChunk)
        {
            throw new InvalidAudioException(AudioErrorCode.NoSamples,
                $"ffmpeg decoded no audio samples from this {container} file.");
        }
        if (outcome.HitCap)
        {
            throw new InvalidAudioException(AudioErrorCode.TooLong,
                $"The audio decodes to more than {options.MaxDurationSeconds:0.###} s, the most accepted " +
                (probe.DurationSeconds is { } d ? $"(its header said {d:0.0} s)." : "."));
        }
        return audio with { Notes = [] };
    }

    private static ChildProcess.Outcome Start(string tool, string container, IReadOnlyList<string> arguments, long cap,
        TimeSpan timeout, AudioDecodeOptions options)
    {
        try
        {
            return ChildProcess.Run(tool, arguments, cap, timeout, options.DecoderMemoryLimitBytes);
        }
        catch (Win32Exception)
        {
            throw new InvalidAudioException(AudioErrorCode.DecoderUnavailable,
                $"Decoding {container} audio needs ffmpeg, which is not installed on this server ('{tool}' could not " +
                "be started): install the Debian package 'ffmpeg' (eng/install-prerequisites.sh does).");
        }
    }

    private static InvalidAudioException Timeout(string container, AudioDecodeOptions options) =>
        new(AudioErrorCode.DecodeTimeout,
            $"Decoding this {container} file took longer than {options.DecodeTimeout.TotalSeconds:0.#} s, the limit; " +
            "it was stopped.");

    private static InvalidAudioException Undecodable(string container, string stderr, string input)
    {
        var reasons = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => ContextPrefix().Replace(line, "").Replace("file:" + input, "the upload").Replace(input, "the upload"))
            .Where(line => line.Length > 0)
            .Distinct()
            .Take(3)
            .ToList();
        var reason = reasons.Count == 0 ? "it stopped without saying why" : string.Join("; ", reasons);
        if (reason.Length > 500) reason = reason[..500] + "…";
        return new InvalidAudioException(AudioErrorCode.Undecodable,
            $"This {container} file could not be decoded: ffmpeg says: {reason}.");
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static double? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    // "[mp3 @ 0x55d86e50f980] " names ffmpeg's component and an address: noise to a person.
    [GeneratedRegex(@"^\[[^\]]*@ 0x[0-9a-f]+\]\s*")]
    private static partial Regex ContextPrefix();
}

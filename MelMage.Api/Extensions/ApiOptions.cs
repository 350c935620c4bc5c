using System.ComponentModel.DataAnnotations;

namespace MelMage.Api.Extensions;

/// <summary>Limits of the API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest single upload in bytes (default 50 MB); larger ones get 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Largest batch request body in bytes (all files or the ZIP together).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBatchBytes { get; set; } = 1024L * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxBatchFiles { get; set; } = 5000;

    /// <summary>Longest audio accepted, in seconds.</summary>
    [Range(1, 86_400)]
    public double MaxAudioSeconds { get; set; } = 600;

    /// <summary>Shortest audio accepted, in seconds (default 0.5 s); shorter gets 400.</summary>
    [Range(0, 3600)]
    public double MinAudioSeconds { get; set; } = 0.5;

    /// <summary>Wall-clock limit for decoding one compressed upload with ffmpeg.</summary>
    [Range(1, 3600)]
    public int DecodeTimeoutSeconds { get; set; } = 60;

    /// <summary>How long the synchronous API and visualization recomputation wait for a worker.</summary>
    [Range(1, 3600)]
    public int WorkerTimeoutSeconds { get; set; } = 120;

    /// <summary>The operator credential (an Aspire secret parameter under the AppHost). Empty: operator endpoints
    /// refuse everyone.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>Most clips waiting or being classified (jobs not finished) before uploads get 503 + Retry-After.</summary>
    [Range(1, int.MaxValue)]
    public int MaxQueuedClips { get; set; } = 10_000;

    /// <summary>The Retry-After of a 503 for a full backlog.</summary>
    [Range(1, 3600)]
    public int BacklogRetryAfterSeconds { get; set; } = 30;

    /// <summary>Origins (scheme://host:port) of the web page, the only ones CORS allows and the only ones whose
    /// browsers may send state-changing requests; the AppHost sets the web's.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

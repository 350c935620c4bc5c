using System.ComponentModel.DataAnnotations;

namespace MelMage.Api.Limits;

/// <summary>Per-client limits (section <c>Api:RateLimits</c>): requests and uploaded bytes in a fixed window.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Api:RateLimits";

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Requests a client may make in a window (health probes are not counted).</summary>
    [Range(1, int.MaxValue)]
    public int Requests { get; set; } = 1200;

    /// <summary>Request bodies a client may send in a window, in KiB (by Content-Length); default 1 GiB, one largest
    /// batch.</summary>
    [Range(1, int.MaxValue)]
    public int UploadKilobytes { get; set; } = 1024 * 1024;
}

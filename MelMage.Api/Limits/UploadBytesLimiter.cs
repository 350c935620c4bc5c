using System.Threading.RateLimiting;

namespace MelMage.Api.Limits;

/// <summary>Limits the bytes a client sends in a window: each request takes as many permits as its body has KiB
/// (Content-Length, rounded up). ASP.NET Core's rate limiter asks every limiter for one permit per request, so this
/// wrapper turns the request into its size before asking the per-client window.</summary>
internal sealed class UploadBytesLimiter(Func<HttpContext, string?> partition, RateLimitOptions options) : PartitionedRateLimiter<HttpContext>
{
    /// <summary>Marks a request refused for its bytes (HttpContext.Items), so the 429 can say which limit it hit.</summary>
    public const string RefusedItem = "melmage.ratelimit.bytes";

    private readonly PartitionedRateLimiter<string> _windows = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.UploadKilobytes,
            Window = TimeSpan.FromSeconds(options.WindowSeconds),
            QueueLimit = 0,
        }));

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        partition(resource) is { } client ? _windows.GetStatistics(client) : null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var kib = Kilobytes(resource);
        if (kib == 0 || partition(resource) is not { } client) return FreeLease.Instance;
        var lease = _windows.AttemptAcquire(client, kib);
        if (!lease.IsAcquired) resource.Items[RefusedItem] = true;
        return lease;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _windows.Dispose();
    }

    protected override ValueTask DisposeAsyncCore() => _windows.DisposeAsync();

    /// <summary>A body larger than a whole window's budget takes all of it: it passes when the window is fresh
    /// (the API's own size limits answer it then), instead of being refused for ever.</summary>
    private int Kilobytes(HttpContext context) => context.Request.ContentLength is > 0 and var length
        ? (int)Math.Min((length + 1023) / 1024, options.UploadKilobytes)
        : 0;

    private sealed class FreeLease : RateLimitLease
    {
        public static readonly FreeLease Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MelMage.Api;

/// <summary>The API's spans and meters.</summary>
internal static class ApiTelemetry
{
    public const string Name = "MelMage.Api";
    public static readonly ActivitySource ActivitySource = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> UploadsAccepted =
        Meter.CreateCounter<long>("melmage.api.uploads.accepted", "{file}", "Uploads stored and queued");
    public static readonly Counter<long> UploadsRejected =
        Meter.CreateCounter<long>("melmage.api.uploads.rejected", "{file}", "Uploads refused, by reason");
    public static readonly Histogram<long> UploadBytes =
        Meter.CreateHistogram<long>("melmage.api.upload.size", "By", "Size of accepted uploads");
    public static readonly Counter<long> MessagesDispatched =
        Meter.CreateCounter<long>("melmage.api.outbox.dispatched", "{message}", "ClassifyClip commands sent from the outbox");
}

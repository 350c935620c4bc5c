extern alias apphost;

using apphost::MelMage.AppHost.Dashboard;
using apphost::MelMage.AppHost.Dashboard.Otlp;
using Google.Protobuf;

namespace MelMage.Tests.AppHost;

/// <summary>The dashboard's OTLP decoding and its bounded, persisted store, without starting anything.</summary>
public sealed class TelemetryStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"melmage-telemetry-{Guid.NewGuid():N}");

    [Fact]
    public void ToSpans_ProtobufExport_KeepsIdsParentResourceAndAttributes()
    {
        var request = new ExportTraceServiceRequest();
        var resourceSpans = new ResourceSpans { Resource = Resource("worker", "worker-2") };
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "MelMage.Worker" } };
        scope.Spans.Add(new Span
        {
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
            SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]),
            ParentSpanId = ByteString.CopyFrom([8, 7, 6, 5, 4, 3, 2, 1]),
            Name = "forward",
            Kind = 1,
            StartTimeUnixNano = 1_000_000_000,
            EndTimeUnixNano = 1_250_000_000,
            Attributes = { Attribute("melmage.clips", 3) },
            Status = new SpanStatus { Code = 2, Message = "boom" },
        });
        resourceSpans.ScopeSpans.Add(scope);
        request.ResourceSpans.Add(resourceSpans);

        // Through the wire format, as the receiver gets it.
        var span = Assert.Single(OtlpReceiver.ToSpans(ExportTraceServiceRequest.Parser.ParseFrom(request.ToByteArray())));

        Assert.Equal("0102030405060708090a0b0c0d0e0f10", span.TraceId);
        Assert.Equal("0102030405060708", span.SpanId);
        Assert.Equal("0807060504030201", span.ParentSpanId);
        Assert.Equal(("worker-2", "worker", "MelMage.Worker"), (span.Resource, span.Service, span.Scope));
        Assert.Equal(250, span.DurationMs, 3);
        Assert.Equal("3", span.Attributes["melmage.clips"]);
        Assert.Equal((2, "boom"), (span.StatusCode, span.StatusMessage));
    }

    [Fact]
    public void Series_CumulativeHistogram_ChartsTheMeanOfEachInterval()
    {
        var store = new TelemetryStore(_folder);
        store.AddMetrics(Histogram(ToPoints(count: 2, sum: 20, seconds: 5), ToPoints(count: 5, sum: 110, seconds: 10)));

        var series = Assert.Single(store.Series("melmage.worker.inference.duration", "worker"));

        Assert.Equal([10.0, 30.0], series.Points.Select(p => p.V));
        Assert.Equal(5, series.Total);
    }

    [Fact]
    public void TelemetryStore_NewInstanceOnTheSameFolder_ReadsTracesLogsAndMetricsBack()
    {
        var first = new TelemetryStore(_folder);
        first.AddSpans([Span("t1", "s1", null, "POST /api/jobs"), Span("t1", "s2", "s1", "forward")]);
        first.AddLogs([new LogEntry(5, "api", "api", "MelMage.Api", 13, "Warning", "disk is slow", "t1", "s1", [])]);
        first.AddMetrics(Histogram(ToPoints(count: 1, sum: 4, seconds: 5)));

        var second = new TelemetryStore(_folder);

        var trace = Assert.Single(second.Traces(resource: null, search: null, limit: 10));
        Assert.Equal(("t1", 2, "api: POST /api/jobs"), (trace.TraceId, trace.SpanCount, trace.Name));
        Assert.Equal("disk is slow", Assert.Single(second.Logs("api", minSeverity: 13, search: "SLOW", traceId: null, limit: 10)).Message);
        Assert.Empty(second.Logs("api", minSeverity: 17, search: null, traceId: null, limit: 10));
        Assert.Single(second.Instruments());
    }

    [Fact]
    public void JsonLinesFile_PastItsCap_KeepsOneOlderGenerationOnly()
    {
        var path = Path.Combine(_folder, "items.jsonl");
        var file = new JsonLinesFile<LogEntry>(path, maxBytes: 10_000);
        for (var i = 0; i < 400; i++)
        {
            file.Append([new LogEntry(i, "api", "api", "c", 9, "Information", new string('x', 100), null, null, [])]);
        }

        var sizes = Directory.GetFiles(_folder).Sum(f => new FileInfo(f).Length);
        var kept = file.ReadAll().Select(l => l.TimeUnixNano).ToList();

        Assert.Equal(2, Directory.GetFiles(_folder).Length);
        Assert.InRange(sizes, 10_000, 2 * 10_000 + 1_000);
        Assert.Equal(399, kept[^1]);
        Assert.Equal(kept.Order(), kept);
        Assert.True(kept.Count < 400);
    }

    [Theory]
    [InlineData("ConnectionStrings__postgres", "Host=127.0.0.1;Port=5;Username=postgres;Password=s3cret;Database=melmage",
        "Host=127.0.0.1;Port=5;Username=postgres;Password=••••••;Database=melmage")]
    [InlineData("ConnectionStrings__rabbitmq", "amqp://melmage:s3cret@127.0.0.1:5672", "amqp://melmage:••••••@127.0.0.1:5672")]
    [InlineData("POSTGRES_PASSWORD", "s3cret", "••••••")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS_TOKEN", "abc", "••••••")]
    [InlineData("ConnectionStrings__redis", "127.0.0.1:6379", "127.0.0.1:6379")]
    public void MaskValue_Secrets_AreHidden(string name, string value, string shown) =>
        Assert.Equal(shown, SecretMasker.MaskValue(name, value));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static apphost::MelMage.AppHost.Dashboard.Otlp.Resource Resource(string service, string instance) => new()
    {
        Attributes = { Attribute("service.name", service), Attribute("service.instance.id", instance) },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Attribute(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static SpanRecord Span(string trace, string id, string? parent, string name) =>
        new(trace, id, parent, name, 2, "api", "api", "test", 1_000, 2_000, [], 0, null, null);

    private static HistogramDataPoint ToPoints(ulong count, double sum, int seconds) => new()
    {
        Count = count,
        Sum = sum,
        TimeUnixNano = (ulong)seconds * 1_000_000_000,
    };

    private static List<MetricPoint> Histogram(params HistogramDataPoint[] points)
    {
        var metric = new Metric { Name = "melmage.worker.inference.duration", Unit = "ms", Histogram = new Histogram { AggregationTemporality = 2 } };
        metric.Histogram.DataPoints.AddRange(points);
        var request = new ExportMetricsServiceRequest();
        var resourceMetrics = new ResourceMetrics { Resource = Resource("worker", "worker") };
        var scope = new ScopeMetrics();
        scope.Metrics.Add(metric);
        resourceMetrics.ScopeMetrics.Add(scope);
        request.ResourceMetrics.Add(resourceMetrics);
        return OtlpReceiver.ToPoints(request);
    }
}

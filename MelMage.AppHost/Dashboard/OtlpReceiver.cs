using System.Globalization;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MelMage.AppHost.Dashboard.Otlp;

namespace MelMage.AppHost.Dashboard;

/// <summary>OTLP/HTTP with protobuf bodies: <c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>. Services post
/// here without the login token (like Aspire's OTLP endpoint in local runs, it listens on 127.0.0.1 only).</summary>
public static class OtlpReceiver
{
    private const string Protobuf = "application/x-protobuf";
    private const int MaxBody = 32 * 1024 * 1024;

    public static void MapOtlpReceiver(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/traces", (HttpContext context, TelemetryStore store) =>
            ReceiveAsync(context, ExportTraceServiceRequest.Parser, request => store.AddSpans(ToSpans(request)),
                new ExportTraceServiceResponse()));
        endpoints.MapPost("/v1/logs", (HttpContext context, TelemetryStore store) =>
            ReceiveAsync(context, ExportLogsServiceRequest.Parser, request => store.AddLogs(ToLogs(request)),
                new ExportLogsServiceResponse()));
        endpoints.MapPost("/v1/metrics", (HttpContext context, TelemetryStore store) =>
            ReceiveAsync(context, ExportMetricsServiceRequest.Parser, request => store.AddMetrics(ToPoints(request)),
                new ExportMetricsServiceResponse()));
    }

    private static async Task ReceiveAsync<TRequest>(HttpContext context, MessageParser<TRequest> parser,
        Action<TRequest> store, IMessage response) where TRequest : IMessage<TRequest>
    {
        if (context.Request.ContentType?.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase) != true)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsync("OTLP/HTTP with Content-Type application/x-protobuf only.");
            return;
        }
        var body = context.Request.Headers.ContentEncoding == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > MaxBody)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }
        TRequest request;
        try
        {
            request = parser.ParseFrom(buffer.ToArray());
        }
        catch (InvalidProtocolBufferException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        store(request);
        context.Response.ContentType = Protobuf;
        await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
    }

    public static List<SpanRecord> ToSpans(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (resource, service) = Identify(resourceSpans.Resource);
            foreach (var scope in resourceSpans.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    spans.Add(new SpanRecord(
                        Hex(span.TraceId), Hex(span.SpanId), span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
                        span.Name, span.Kind, resource, service, scope.Scope?.Name ?? "",
                        (long)span.StartTimeUnixNano, (long)span.EndTimeUnixNano, Attributes(span.Attributes),
                        span.Status?.Code ?? 0, span.Status is { Message.Length: > 0 } ? span.Status.Message : null,
                        span.Events.Count == 0
                            ? null
                            : span.Events.Select(e => new SpanEventRecord((long)e.TimeUnixNano, e.Name, Attributes(e.Attributes))).ToList()));
                }
            }
        }
        return spans;
    }

    public static List<LogEntry> ToLogs(ExportLogsServiceRequest request)
    {
        var logs = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (resource, service) = Identify(resourceLogs.Resource);
            foreach (var scope in resourceLogs.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    logs.Add(new LogEntry((long)time, resource, service, scope.Scope?.Name ?? "", record.SeverityNumber,
                        Level(record.SeverityNumber, record.SeverityText), record.Body is null ? "" : Text(record.Body),
                        record.TraceId.IsEmpty ? null : Hex(record.TraceId),
                        record.SpanId.IsEmpty ? null : Hex(record.SpanId), Attributes(record.Attributes)));
                }
            }
        }
        return logs;
    }

    public static List<MetricPoint> ToPoints(ExportMetricsServiceRequest request)
    {
        var points = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (resource, _) = Identify(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                switch (metric.DataCase)
                {
                    case Metric.DataOneofCase.Gauge:
                        AddNumbers(metric.Gauge.DataPoints, "gauge", cumulative: false);
                        break;
                    case Metric.DataOneofCase.Sum:
                        AddNumbers(metric.Sum.DataPoints, "sum", metric.Sum.AggregationTemporality == 2);
                        break;
                    case Metric.DataOneofCase.Histogram:
                        foreach (var p in metric.Histogram.DataPoints)
                        {
                            var sum = p.HasSum ? p.Sum : 0;
                            points.Add(new MetricPoint(resource, metric.Name, metric.Unit, metric.Description, "histogram",
                                metric.Histogram.AggregationTemporality == 2, Attributes(p.Attributes),
                                (long)p.TimeUnixNano, p.Count == 0 ? 0 : sum / p.Count, p.Count, sum));
                        }
                        break;
                }

                void AddNumbers(RepeatedField<NumberDataPoint> data, string kind, bool cumulative)
                {
                    foreach (var p in data)
                    {
                        var value = p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble;
                        points.Add(new MetricPoint(resource, metric.Name, metric.Unit, metric.Description, kind, cumulative,
                            Attributes(p.Attributes), (long)p.TimeUnixNano, value, null, null));
                    }
                }
            }
        }
        return points;
    }

    /// <summary>The dashboard's resource name is the instance id the AppHost injected (worker-2), else the service.</summary>
    private static (string Resource, string Service) Identify(Resource? resource)
    {
        var attributes = resource is null ? [] : Attributes(resource.Attributes);
        var service = attributes.GetValueOrDefault("service.name") ?? "unknown";
        return (attributes.GetValueOrDefault("service.instance.id") ?? service, service);
    }

    private static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes) result[attribute.Key] = attribute.Value is null ? "" : Text(attribute.Value);
        return result;
    }

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue =>
            "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {(kv.Value is null ? "" : Text(kv.Value))}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.ToByteArray()),
        _ => "",
    };

    private static string Level(int severity, string text) => severity switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => text is { Length: > 0 } ? text : "Unspecified",
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}

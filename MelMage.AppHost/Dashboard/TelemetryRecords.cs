namespace MelMage.AppHost.Dashboard;

/// <summary>One span as the dashboard keeps it (and writes it, one JSON line each, to the state folder).</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    int Kind,
    string Resource,
    string Service,
    string Scope,
    long StartUnixNano,
    long EndUnixNano,
    Dictionary<string, string> Attributes,
    int StatusCode,
    string? StatusMessage,
    List<SpanEventRecord>? Events)
{
    public double DurationMs => (EndUnixNano - StartUnixNano) / 1e6;
}

public sealed record SpanEventRecord(long TimeUnixNano, string Name, Dictionary<string, string> Attributes);

/// <summary>One structured log record.</summary>
public sealed record LogEntry(
    long TimeUnixNano,
    string Resource,
    string Service,
    string Category,
    int Severity,
    string Level,
    string Message,
    string? TraceId,
    string? SpanId,
    Dictionary<string, string> Attributes);

/// <summary>One exported value of one time series: a gauge or sum value, or a histogram's count and sum.</summary>
public sealed record MetricPoint(
    string Resource,
    string Name,
    string Unit,
    string Description,
    string Kind,
    bool Cumulative,
    Dictionary<string, string> Attributes,
    long TimeUnixNano,
    double Value,
    double? Count,
    double? Sum)
{
    public string SeriesKey =>
        $"{Resource}|{Name}|{string.Join(',', Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))}";
}

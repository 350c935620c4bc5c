namespace MelMage.AppHost.Dashboard;

/// <summary>Traces, structured logs and metrics received over OTLP: bounded in memory (oldest dropped first) and
/// appended to rotating JSON-lines files in the state folder, from which they are read back at start, so telemetry
/// survives a restart of the AppHost and never takes more than ~100 MB of disk.</summary>
public sealed class TelemetryStore
{
    private const int MaxSpans = 30_000;
    private const int MaxLogs = 20_000;
    private const int MaxPointsPerSeries = 720;
    private const long FileCap = 16 * 1024 * 1024;
    /// <summary>An unchanged value is stored again only after this long (runtime gauges change, most counters don't).</summary>
    private const long UnchangedRepeatNanos = 60_000_000_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _traceOrder = new();
    private readonly LinkedList<LogEntry> _logs = new();
    private readonly Dictionary<string, List<MetricPoint>> _series = new(StringComparer.Ordinal);
    private readonly JsonLinesFile<SpanRecord> _spanFile;
    private readonly JsonLinesFile<LogEntry> _logFile;
    private readonly JsonLinesFile<MetricPoint> _metricFile;
    private int _spanCount;

    public TelemetryStore(string directory)
    {
        _spanFile = new JsonLinesFile<SpanRecord>(Path.Combine(directory, "spans.jsonl"), FileCap);
        _logFile = new JsonLinesFile<LogEntry>(Path.Combine(directory, "logs.jsonl"), FileCap);
        _metricFile = new JsonLinesFile<MetricPoint>(Path.Combine(directory, "metrics.jsonl"), FileCap);
        foreach (var span in _spanFile.ReadAll()) AddSpanInMemory(span);
        foreach (var log in _logFile.ReadAll()) AddLogInMemory(log);
        foreach (var point in _metricFile.ReadAll()) AddPointInMemory(point, force: true);
    }

    public void AddSpans(IReadOnlyList<SpanRecord> spans)
    {
        lock (_gate) foreach (var span in spans) AddSpanInMemory(span);
        _spanFile.Append(spans);
    }

    public void AddLogs(IReadOnlyList<LogEntry> logs)
    {
        lock (_gate) foreach (var log in logs) AddLogInMemory(log);
        _logFile.Append(logs);
    }

    public void AddMetrics(IReadOnlyList<MetricPoint> points)
    {
        List<MetricPoint> kept;
        lock (_gate) kept = points.Where(p => AddPointInMemory(p, force: false)).ToList();
        _metricFile.Append(kept);
    }

    /// <summary>Files are written at once; nothing is buffered. Kept for symmetry with shutdown.</summary>
    public void Flush()
    {
    }

    public IReadOnlyList<TraceSummary> Traces(string? resource, string? search, int limit)
    {
        lock (_gate)
        {
            var result = new List<TraceSummary>();
            for (var node = _traceOrder.Last; node is not null && result.Count < limit; node = node.Previous)
            {
                var spans = _traces[node.Value];
                if (resource is { Length: > 0 } && !spans.Any(s => s.Resource == resource || s.Service == resource)) continue;
                if (search is { Length: > 0 } && !spans.Any(s => Matches(s, search))) continue;
                result.Add(Summarize(node.Value, spans));
            }
            return result;
        }
    }

    public IReadOnlyList<SpanRecord>? Trace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId, out var spans) ? spans.OrderBy(s => s.StartUnixNano).ToList() : null;
        }
    }

    public IReadOnlyList<LogEntry> Logs(string? resource, int minSeverity, string? search, string? traceId, int limit)
    {
        lock (_gate)
        {
            var result = new List<LogEntry>();
            for (var node = _logs.Last; node is not null && result.Count < limit; node = node.Previous)
            {
                var log = node.Value;
                if (resource is { Length: > 0 } && log.Resource != resource && log.Service != resource) continue;
                if (log.Severity < minSeverity) continue;
                if (traceId is { Length: > 0 } && log.TraceId != traceId) continue;
                if (search is { Length: > 0 } && !Matches(log, search)) continue;
                result.Add(log);
            }
            return result;
        }
    }

    public IReadOnlyList<InstrumentSummary> Instruments()
    {
        lock (_gate)
        {
            return _series.Values.Select(s => s[^1])
                .GroupBy(p => (p.Name, p.Resource))
                .Select(g => new InstrumentSummary(g.Key.Name, g.Key.Resource, g.First().Unit, g.First().Description,
                    g.First().Kind, g.Count()))
                .OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Resource, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The series of one instrument (every resource and attribute set unless narrowed), as points ready to
    /// chart: gauges and sums as they are, histograms as the mean of each export interval.</summary>
    public IReadOnlyList<MetricSeries> Series(string name, string? resource)
    {
        lock (_gate)
        {
            return _series.Values
                .Where(s => s[0].Name == name && (resource is not { Length: > 0 } || s[0].Resource == resource))
                .Select(ToChart)
                .OrderBy(s => s.Resource, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static MetricSeries ToChart(List<MetricPoint> points)
    {
        var first = points[0];
        var chart = new List<ChartPoint>();
        if (first.Kind == "histogram")
        {
            MetricPoint? previous = null;
            foreach (var p in points)
            {
                var count = p.Count ?? 0;
                var sum = p.Sum ?? 0;
                if (p.Cumulative && previous is not null && count >= (previous.Count ?? 0))
                {
                    count -= previous.Count ?? 0;
                    sum -= previous.Sum ?? 0;
                }
                if (count > 0) chart.Add(new ChartPoint(p.TimeUnixNano / 1_000_000, sum / count, count));
                previous = p;
            }
        }
        else
        {
            chart.AddRange(points.Select(p => new ChartPoint(p.TimeUnixNano / 1_000_000, p.Value, null)));
        }
        var last = points[^1];
        return new MetricSeries(first.Resource, first.Name, first.Unit, first.Kind, first.Attributes, chart,
            last.Kind == "histogram" ? last.Count ?? 0 : last.Value, last.Kind == "histogram" ? last.Sum : null);
    }

    private void AddSpanInMemory(SpanRecord span)
    {
        if (!_traces.TryGetValue(span.TraceId, out var spans))
        {
            spans = [];
            _traces[span.TraceId] = spans;
            _traceOrder.AddLast(span.TraceId);
        }
        if (spans.Any(s => s.SpanId == span.SpanId)) return;
        spans.Add(span);
        _spanCount++;
        while (_spanCount > MaxSpans && _traceOrder.First is { } oldest)
        {
            _spanCount -= _traces[oldest.Value].Count;
            _traces.Remove(oldest.Value);
            _traceOrder.RemoveFirst();
        }
    }

    private void AddLogInMemory(LogEntry log)
    {
        _logs.AddLast(log);
        while (_logs.Count > MaxLogs) _logs.RemoveFirst();
    }

    private bool AddPointInMemory(MetricPoint point, bool force)
    {
        var key = point.SeriesKey;
        if (!_series.TryGetValue(key, out var points))
        {
            points = [];
            _series[key] = points;
        }
        else if (!force)
        {
            var last = points[^1];
            var unchanged = last.Value == point.Value && last.Count == point.Count;
            if (unchanged && point.TimeUnixNano - last.TimeUnixNano < UnchangedRepeatNanos) return false;
        }
        points.Add(point);
        if (points.Count > MaxPointsPerSeries) points.RemoveRange(0, points.Count - MaxPointsPerSeries);
        return true;
    }

    private static TraceSummary Summarize(string traceId, List<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId))
            .OrderBy(s => s.StartUnixNano).First();
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceSummary(traceId, $"{root.Resource}: {root.Name}", start / 1_000_000, (end - start) / 1e6,
            spans.Count, spans.Select(s => s.Resource).Distinct().Order(StringComparer.Ordinal).ToList(),
            spans.Any(s => s.StatusCode == 2));
    }

    private static bool Matches(SpanRecord span, string search) =>
        span.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || span.TraceId.Contains(search, StringComparison.OrdinalIgnoreCase)
        || span.Attributes.Values.Any(v => v.Contains(search, StringComparison.OrdinalIgnoreCase));

    private static bool Matches(LogEntry log, string search) =>
        log.Message.Contains(search, StringComparison.OrdinalIgnoreCase)
        || log.Category.Contains(search, StringComparison.OrdinalIgnoreCase)
        || log.Attributes.Values.Any(v => v.Contains(search, StringComparison.OrdinalIgnoreCase));
}

public sealed record TraceSummary(string TraceId, string Name, long StartMs, double DurationMs, int SpanCount,
    IReadOnlyList<string> Resources, bool HasError);

public sealed record InstrumentSummary(string Name, string Resource, string Unit, string Description, string Kind, int Series);

public sealed record ChartPoint(long T, double V, double? N);

public sealed record MetricSeries(string Resource, string Name, string Unit, string Kind,
    Dictionary<string, string> Attributes, IReadOnlyList<ChartPoint> Points, double Total, double? Sum);

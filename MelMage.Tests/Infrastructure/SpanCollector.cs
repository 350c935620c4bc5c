using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace MelMage.Tests.Infrastructure;

/// <summary>Keeps every span a service's OpenTelemetry SDK exports (what the Aspire dashboard would receive): added as
/// a processor of the service's tracer provider, so sampling and instrumentation suppression apply as in production.</summary>
public sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public override void OnEnd(Activity data) => _spans.Enqueue(data);

    /// <summary>Npgsql's spans of commands on one database.</summary>
    public IReadOnlyList<Activity> DatabaseSpans(string database) =>
        [.. _spans.Where(a => a.Source.Name == "Npgsql"
                              && (Equals(a.GetTagItem("db.namespace"), database) || Equals(a.GetTagItem("db.name"), database)))];
}

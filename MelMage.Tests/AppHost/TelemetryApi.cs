using System.Net.Http.Json;
using System.Text.Json;

namespace MelMage.Tests.AppHost;

/// <summary>Reads the Aspire dashboard's telemetry HTTP API (<c>/api/telemetry/...</c>, OTLP-shaped JSON).</summary>
public static class TelemetryApi
{
    public sealed record Span(string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name,
        IReadOnlyDictionary<string, string> Attributes);

    public static async Task<List<Span>> SpansAsync(this HttpClient telemetry, string path)
    {
        var json = await telemetry.GetFromJsonAsync<JsonElement>(path);
        var spans = new List<Span>();
        foreach (var resourceSpans in json.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Attributes(resourceSpans.GetProperty("resource")).GetValueOrDefault("service.name", "?");
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                var scope = scopeSpans.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new Span(service, scope, span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                        span.GetProperty("name").GetString()!, Attributes(span)));
                }
            }
        }
        return spans;
    }

    /// <summary>The trace of an upload: the API tags the span that sends the job's command with the job id.</summary>
    public static async Task<string> TraceOfJobAsync(this HttpClient telemetry, Guid jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var send = (await telemetry.SpansAsync("/api/telemetry/spans?resource=api&search=Send%20ClassifyClip&limit=10000"))
                .FirstOrDefault(s => s.Attributes.GetValueOrDefault("melmage.job_id") == jobId.ToString());
            if (send is not null) return send.TraceId;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No trace of job {jobId} in the dashboard.");
            await Task.Delay(1000);
        }
    }

    /// <summary>The spans of a trace whose parent is not in it: its root, or spans cut off from their parent.</summary>
    public static IEnumerable<Span> Roots(this IEnumerable<Span> trace)
    {
        var list = trace.ToList();
        var ids = list.Select(s => s.SpanId).ToHashSet();
        return list.Where(s => s.ParentSpanId is null or "" || !ids.Contains(s.ParentSpanId));
    }

    private static Dictionary<string, string> Attributes(JsonElement owner)
    {
        var result = new Dictionary<string, string>();
        if (!owner.TryGetProperty("attributes", out var attributes)) return result;
        foreach (var attribute in attributes.EnumerateArray())
        {
            var value = attribute.GetProperty("value");
            result[attribute.GetProperty("key").GetString()!] = value.EnumerateObject().FirstOrDefault().Value.ToString();
        }
        return result;
    }
}

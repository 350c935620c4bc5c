using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MelMage.Worker.Gpu.Cli.PipelineBench;

/// <summary>One forward of the worker: its batch size, the model time its log line states, and when the line was
/// written (the end of the forward), by the worker's clock (the same machine's).</summary>
internal sealed record ForwardRecord(int Size, int Ms, DateTimeOffset End);

/// <summary>
/// The worker's "Analyzed N clips in X ms" lines (ClipClassifier), read back from the Aspire dashboard's telemetry HTTP
/// API (<c>GET /api/telemetry/logs?resource=worker</c>, header <c>x-api-key</c>). Under the AppHost the worker's console
/// goes to DCP, not to the benchmark; its log records go over OTLP to the dashboard, each with the timestamp the worker
/// gave it, which is all the timeline needs. They arrive in batches (the exporter's schedule, about a second), so a
/// caller waits until the records cover the clips it sent.
/// </summary>
internal sealed partial class DashboardLogs(HttpClient dashboard, string resource)
{
    public static HttpClient Client(Uri dashboard, string apiKey)
    {
        var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return http;
    }

    /// <summary>Every forward logged so far, in the order they ended.</summary>
    public async Task<List<ForwardRecord>> ForwardsAsync(CancellationToken ct)
    {
        using var response = await dashboard.GetAsync($"/api/telemetry/logs?resource={Uri.EscapeDataString(resource)}", ct);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        // {"data":{"resourceLogs":[...]},"totalCount":N,"returnedCount":M}: a partial answer would hide forwards.
        if (document.RootElement.TryGetProperty("totalCount", out var total) && document.RootElement.TryGetProperty("returnedCount", out var returned)
            && total.GetInt32() > returned.GetInt32())
        {
            throw new InvalidOperationException($"The dashboard returned {returned.GetInt32()} of {total.GetInt32()} log records of {resource}.");
        }
        var forwards = new List<ForwardRecord>();
        foreach (var record in LogRecords(document.RootElement))
        {
            if (Body(record) is not { } body || Analyzed().Match(body) is not { Success: true } m) continue;
            if (Timestamp(record) is not { } end) continue;
            forwards.Add(new ForwardRecord(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), end));
        }
        return [.. forwards.OrderBy(f => f.End)];
    }

    /// <summary>Polls until the forwards logged cover at least <paramref name="clips"/> clips in all, or the timeout
    /// passes (then returns what there is; the report shows the shortfall).</summary>
    public async Task<List<ForwardRecord>> WaitForClipsAsync(int clips, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var forwards = await ForwardsAsync(ct);
            if (forwards.Sum(f => f.Size) >= clips || DateTime.UtcNow > deadline) return forwards;
            await Task.Delay(500, ct);
        }
    }

    /// <summary>The log records in the answer, which has the OTLP/JSON shape (<c>resourceLogs[].scopeLogs[].logRecords[]</c>).</summary>
    private static IEnumerable<JsonElement> LogRecords(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("logRecords") && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var record in property.Value.EnumerateArray()) yield return record;
                    }
                    else
                    {
                        foreach (var record in LogRecords(property.Value)) yield return record;
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var record in LogRecords(item)) yield return record;
                }
                break;
        }
    }

    private static string? Body(JsonElement record) =>
        record.TryGetProperty("body", out var body)
            ? body.ValueKind == JsonValueKind.String ? body.GetString()
            : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("stringValue", out var text) ? text.GetString()
            : null
            : null;

    private static DateTimeOffset? Timestamp(JsonElement record)
    {
        foreach (var name in new[] { "timeUnixNano", "observedTimeUnixNano" })
        {
            if (!record.TryGetProperty(name, out var value)) continue;
            var nanos = value.ValueKind == JsonValueKind.String
                ? ulong.Parse(value.GetString()!, CultureInfo.InvariantCulture)
                : value.GetUInt64();
            if (nanos > 0) return DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));
        }
        return null;
    }

    [GeneratedRegex(@"Analyzed (\d+) clips in (\d+) ms")]
    private static partial Regex Analyzed();
}

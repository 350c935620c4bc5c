using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps background polls out of the traces. A loop that asks the database "anything to do?" every few seconds would
/// otherwise start a root trace per poll (Npgsql's span of its query), burying the traces of real work in the
/// dashboard. While a poll runs, OpenTelemetry's instrumentation is suppressed (the SDK samples no activity, of any
/// source, inside a <see cref="SuppressInstrumentationScope"/>); once the poll has found work it resumes tracing, so
/// what it then does is traced as usual. The SDK drops log records inside the scope as well, so a poll's failure is
/// logged after the scope ends (as the outbox dispatcher does).
/// </summary>
public static class PollTracing
{
    /// <summary>Starts a poll: suppresses instrumentation until disposed, unless a trace is already in progress (then
    /// the poll belongs to it and stays traced). Dispose it when the poll ends.</summary>
    public static IDisposable? BeginPoll() => Activity.Current is null ? SuppressInstrumentationScope.Begin() : null;

    /// <summary>Inside a poll that found work: traces again until disposed (null when nothing was suppressed).</summary>
    public static IDisposable? ResumeTracing() => Sdk.SuppressInstrumentation ? SuppressInstrumentationScope.Begin(false) : null;
}

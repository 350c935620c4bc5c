using System.Collections.Concurrent;
using System.Diagnostics;
using MelMage.Contracts.Api;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

[Collection(PipelineCollection.Name)]
public sealed class TracingTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task PostJob_Traced_OneTraceFromUploadRequestThroughBrokerToWorker()
    {
        var client = await pipeline.ApiAsync();
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("MelMage.", StringComparison.Ordinal)
                                       || source.Name is "MassTransit" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var accepted = await client.UploadJobAcceptedAsync(TestWav.Noise(0.6, Random.Shared.Next()));
        var job = await client.WaitForJobAsync(accepted.Id);
        Assert.Equal(JobStatusNames.Succeeded, job.Status);
        await Task.Delay(500); // let the last spans stop

        var send = Assert.Single(stopped, a => a.OperationName == "Send ClassifyClip"
                                               && Equals(a.GetTagItem("melmage.job_id"), accepted.Id));
        var trace = send.TraceId;
        Assert.Contains(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == trace
                                      && a.GetTagItem("http.request.method") as string == "POST");
        Assert.Contains(stopped, a => a.Source.Name == "MelMage.Worker" && a.OperationName == "db store results" && a.TraceId == trace);
        Assert.Contains(stopped, a => a.Source.Name == "MassTransit" && a.TraceId == trace && a.Kind == ActivityKind.Consumer);
    }
}

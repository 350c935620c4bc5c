using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MelMage.Contracts.Api;
using MelMage.Contracts.Messages;
using MelMage.Tests.Infrastructure;
using Npgsql;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace MelMage.Tests.Faults;

/// <summary>Skipped, saying why, where network namespaces and veth links cannot be made (not Linux, not root).</summary>
public sealed class NetworkHostsFactAttribute : FactAttribute
{
    public NetworkHostsFactAttribute()
    {
        Skip = new PipelineFactAttribute().Skip ?? NetworkHost.Unavailable;
    }
}

/// <summary>Issue 14, several hosts: MelMage scales out by workers competing for one queue. Two workers run as
/// separate hosts — each in its own network namespace, reaching Postgres, Redis and RabbitMQ only over its own veth
/// link — 100-clip batches are run with one and with two hosts (throughput printed), and then one host is cut off
/// mid-batch: the survivor completes every clip, each exactly once.</summary>
[Collection(FaultsCollection.Name)]
public sealed partial class WorkerHostsTests(PipelineFixture pipeline, ITestOutputHelper output)
{
    private const int BatchClips = 100;

    [NetworkHostsFact]
    public async Task TwoWorkerHosts_OneCutOffMidBatch_SurvivorCompletesEveryClipOnce()
    {
        var client = await pipeline.ApiAsync(withWorker: false);
        await pipeline.StopWorkerAsync(); // only the two hosts below consume
        var run = Guid.NewGuid().ToString("N")[..4];
        var subnet = (byte)Random.Shared.Next(1, 255);
        await using var hostA = await NetworkHost.CreateAsync(run, 0, subnet);
        await using var hostB = await NetworkHost.CreateAsync(run, 1, subnet);
        using var relaysA = Relays(hostA);
        using var relaysB = Relays(hostB);
        using var workerA = StartWorker(hostA, relaysA);
        try
        {
            using var workerB = StartWorker(hostB, relaysB, start: false);

            // One host.
            await WaitForConsumersAsync(1, workerA);
            var one = await RunBatchAsync(client, "hosts-one", seed: 150_000);
            output.WriteLine($"one worker host: {BatchClips} clips in {one.Seconds:0.0} s = {BatchClips / one.Seconds:0.0} clips/s (host A analyzed {workerA.Clips})");
            Assert.Equal(BatchClips, one.Counts.Succeeded);

            // Two hosts.
            workerB.Start();
            await WaitForConsumersAsync(2, workerA, workerB);
            var (a0, b0) = (workerA.Clips, workerB.Clips);
            var two = await RunBatchAsync(client, "hosts-two", seed: 151_000);
            output.WriteLine($"two worker hosts: {BatchClips} clips in {two.Seconds:0.0} s = {BatchClips / two.Seconds:0.0} clips/s " +
                             $"(host A analyzed {workerA.Clips - a0}, host B {workerB.Clips - b0})");
            Assert.Equal(BatchClips, two.Counts.Succeeded);

            // Host B cut off mid-batch.
            (a0, b0) = (workerA.Clips, workerB.Clips);
            var ids = await UploadAsync(client, "hosts-cut", seed: 152_000);
            var deadline = DateTime.UtcNow.AddMinutes(3);
            JobCounts atCut;
            while (true)
            {
                atCut = await JobLedger.CountAsync(pipeline, ids);
                if (workerB.Clips > b0 && atCut.Succeeded >= 10) break;
                Assert.True(DateTime.UtcNow < deadline, $"host B took no part: {atCut}\n{workerB.Output}");
                await Task.Delay(20);
            }
            await hostB.CutOffAsync();
            var bAtCut = workerB.Clips - b0;
            var processingAtCut = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = ANY($1) AND status = 'processing'", ids.ToArray());
            output.WriteLine($"host B cut off: {atCut}; {processingAtCut} processing; host B had analyzed {bAtCut}");
            Assert.True(atCut.Succeeded < BatchClips, "the batch finished before host B could be cut off");

            var counts = await JobLedger.SettleAsync(pipeline, ids, output, "two worker hosts, host B cut off mid-batch");
            var redelivered = await pipeline.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = ANY($1) AND attempts >= 2", ids.ToArray());
            // Host B may go on analyzing what it had already received, but can store none of it: those jobs are
            // redelivered to host A once the broker has noticed that B is gone.
            output.WriteLine($"host A analyzed {workerA.Clips - a0} clips of this batch, host B {workerB.Clips - b0} " +
                             $"({workerB.Clips - b0 - bAtCut} of them after the cut, unstorable); {redelivered} jobs were started again after the cut");
            Assert.Equal(0L, counts.Duplicates);
            Assert.Equal(0, counts.Lost);
            Assert.Equal(BatchClips, counts.Succeeded);
            Assert.False(workerA.HasExited, workerA.Output);
        }
        finally
        {
            output.WriteLine("host A's last output:\n" + workerA.Output[Math.Max(0, workerA.Output.Length - 1500)..]);
        }
    }

    private sealed record BatchRun(double Seconds, JobCounts Counts);

    private async Task<BatchRun> RunBatchAsync(HttpClient client, string prefix, int seed)
    {
        var ids = await UploadAsync(client, prefix, seed);
        var counts = await JobLedger.SettleAsync(pipeline, ids, output, prefix);
        // From the upload's commit to the last result, on the server's clock.
        var seconds = await pipeline.ScalarAsync<double>(
            "SELECT extract(epoch FROM max(completed_at) - min(created_at))::float8 FROM jobs WHERE id = ANY($1)", ids.ToArray());
        return new BatchRun(seconds, counts);
    }

    private async Task<List<Guid>> UploadAsync(HttpClient client, string prefix, int seed)
    {
        var files = Enumerable.Range(0, BatchClips).Select(i => ($"{prefix}-{i:000}.wav", TestWav.Noise(1.0, seed + i))).ToList();
        using var response = await client.UploadBatchAsync(files);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batch = (await response.Content.ReadFromJsonAsync<BatchAccepted>())!;
        var results = (await client.GetFromJsonAsync<List<BatchResultItem>>($"/api/batches/{batch.Id}/results"))!;
        return results.Select(r => r.JobId).ToList();
    }

    private async Task WaitForConsumersAsync(int expected, params HostWorker[] workers)
    {
        var factory = new ConnectionFactory { Uri = new Uri(pipeline.Servers.RabbitMq.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            uint consumers = 0;
            // A passive declare of a queue no worker has declared yet closes the channel: a fresh one each time.
            await using (var channel = await connection.CreateChannelAsync())
            {
                try
                {
                    consumers = (await channel.QueueDeclarePassiveAsync(QueueNames.ClassifyClip)).ConsumerCount;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                }
            }
            if (consumers >= expected) return;
            foreach (var worker in workers) Assert.False(worker.HasExited, "a worker host exited:\n" + worker.Output);
            Assert.True(DateTime.UtcNow < deadline, $"{consumers} of {expected} worker hosts consume:\n" + string.Join("\n---\n", workers.Select(w => w.Output)));
            await Task.Delay(250);
        }
    }

    /// <summary>Postgres, Redis and RabbitMQ at the host's gateway address.</summary>
    private HostRelays Relays(NetworkHost host) => new(
        new TcpRelay(host.GatewayAddress, new NpgsqlConnectionStringBuilder(pipeline.PostgresConnectionString).Port),
        new TcpRelay(host.GatewayAddress, pipeline.Servers.Redis.Port),
        new TcpRelay(host.GatewayAddress, pipeline.Servers.RabbitMq.Port));

    private sealed record HostRelays(TcpRelay Postgres, TcpRelay Redis, TcpRelay RabbitMq) : IDisposable
    {
        public void Dispose()
        {
            Postgres.Dispose();
            Redis.Dispose();
            RabbitMq.Dispose();
        }
    }

    /// <summary>The worker as an operator runs it on another machine: the built service, its connection strings
    /// naming the servers' address on the link.</summary>
    private HostWorker StartWorker(NetworkHost host, HostRelays relays, bool start = true)
    {
        var gateway = host.GatewayAddress.ToString();
        var postgres = new NpgsqlConnectionStringBuilder(pipeline.PostgresConnectionString) { Host = gateway, Port = relays.Postgres.Port };
        var redis = $"{gateway}:{relays.Redis.Port}," + pipeline.Servers.Redis.ConnectionString.Split(',', 2)[1];
        var rabbit = new UriBuilder(pipeline.Servers.RabbitMq.ConnectionString) { Host = gateway, Port = relays.RabbitMq.Port };
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__melmage"] = postgres.ConnectionString,
            ["ConnectionStrings__redis"] = redis,
            ["ConnectionStrings__rabbitmq"] = rabbit.Uri.ToString().TrimEnd('/'),
            ["Worker__Untrained"] = "true",
            ["Worker__BatchSize"] = "8",
            ["Worker__Training"] = "false",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__MelMage.Worker.Gpu.Results.ClipClassifier"] = "Information",
        };
        var worker = new HostWorker(host, environment);
        if (start) worker.Start();
        return worker;
    }

    /// <summary>A worker process inside a host's namespace, counting the clips it ran through the model.</summary>
    private sealed partial class HostWorker(NetworkHost host, IReadOnlyDictionary<string, string> environment) : IDisposable
    {
        private ChildProcess? _process;
        private int _clips;

        public int Clips => Volatile.Read(ref _clips);

        public bool HasExited => _process?.HasExited ?? false;

        public string Output => _process?.Output ?? "";

        public void Start()
        {
            var dll = TestPaths.BuiltDll("MelMage.Worker.Gpu", "melmage-worker.dll");
            _process = ChildProcess.Start("ip", host.Exec("dotnet", dll), environment, onOutput: line =>
            {
                if (Analyzed().Match(line) is { Success: true } m) Interlocked.Add(ref _clips, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            });
        }

        public void Dispose() => _process?.Dispose();

        [GeneratedRegex(@"Analyzed (\d+) clips")]
        private static partial Regex Analyzed();
    }
}

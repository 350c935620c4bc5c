using System.Globalization;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Pipeline;

/// <summary>The worker service keeps its model threads at normal priority, pinned one to a core, and lowers every
/// other thread (Analysis/ThreadNiceness.cs, CorePinning.cs), read back from /proc of a real worker process after it
/// served a job.</summary>
[Collection(PipelineCollection.Name)]
public sealed class WorkerPriorityTests(PipelineFixture pipeline)
{
    [PipelineFact]
    public async Task WorkerProcess_ModelThreadsKeepPriorityOnOneCoreEach_EveryOtherThreadYields()
    {
        if (!OperatingSystem.IsLinux()) return;
        var client = await pipeline.ApiAsync(withWorker: false);
        await pipeline.StopWorkerAsync(); // the job below must go to the worker process
        try
        {
            using var worker = WorkerProcess.Start(pipeline.ConnectionStrings, batchSize: 4);
            var accepted = await client.UploadJobAcceptedAsync(TestWav.Noise(2.0, Random.Shared.Next()), "priority.wav");
            var job = await client.WaitForJobAsync(accepted.Id, TimeSpan.FromMinutes(2));
            Assert.True(job.Status == "succeeded", worker.Output);

            var threads = Threads(worker.Id);
            var model = threads.Where(t => t.Name == "MelMage model").ToList();
            // The model thread and the OpenMP thread it started (2 cores or more here) keep the normal priority.
            Assert.True(model.Count >= Math.Min(2, Environment.ProcessorCount), string.Join(", ", threads));
            Assert.All(model, t => Assert.Equal(0, t.Nice));
            if (Environment.ProcessorCount >= 2 && Environment.GetEnvironmentVariable("OMP_PROC_BIND") is null)
            {
                Assert.All(model, t => Assert.True(t.Cpus.All(char.IsDigit), $"{t.Name} may run on cpus {t.Cpus}"));
                Assert.True(model.Select(t => t.Cpus).Distinct().Count() >= 2, string.Join(", ", threads));
            }
            // Threads that existed before the model was loaded were lowered (names as .NET gives them).
            var others = threads.Where(t => t.Name != "MelMage model").ToList();
            Assert.Contains(others, t => t.Name == ".NET Finalizer" && t.Nice == 19);
            Assert.True(others.Count(t => t.Nice == 19) >= others.Count - 1, string.Join(", ", threads));
        }
        finally
        {
            await pipeline.StartWorkerAsync();
        }
    }

    private static List<(string Name, int Nice, string Cpus)> Threads(int pid)
    {
        var result = new List<(string, int, string)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // Fields after the name in parentheses start with the state (field 3); nice is field 19.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var cpus = File.ReadLines(Path.Combine(task, "status")).First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                    .Split(':', 2)[1].Trim();
                result.Add((name, int.Parse(fields[16], CultureInfo.InvariantCulture), cpus));
            }
            catch (IOException)
            {
            }
        }
        return result;
    }
}

using MelMage.AppHost.Bench;

if (args.Length > 0 && args[0] == "bench-pipeline")
{
    return await PipelineBenchmark.RunAsync(args[1..]);
}

Console.WriteLine("MelMage.AppHost: the orchestrator is not written yet (issue 5). Verbs: bench-pipeline");
return 1;

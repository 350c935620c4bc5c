using MelMage.Worker.Gpu.Analysis;
using MelMage.Worker.Gpu.Cli;
using MelMage.Worker.Gpu.Extensions;

// Before libtorch is loaded (it reads its OpenMP settings once).
CorePinning.PinOpenMpThreads();

// With a command (classify, mel, bench, ...) the worker is a command-line tool; without one it is the service.
if (args.Length > 0 && CommandLine.IsCommand(args[0]))
{
    return await CommandLine.RunAsync(args);
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddWorkerServices();

var host = builder.Build();
await host.RunAsync();
return 0;

namespace MelMage.Worker.Gpu.Cli;

/// <summary>Dispatches the worker's command-line verbs.</summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["classify", "mel", "bench", "help", "--help", "-h"];

    public static bool IsCommand(string arg) => Commands.Contains(arg, StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args)
    {
        Console.WriteLine("usage: melmage-worker classify|mel|bench ...");
        return Task.FromResult(args[0] is "help" or "--help" or "-h" ? 0 : 1);
    }
}

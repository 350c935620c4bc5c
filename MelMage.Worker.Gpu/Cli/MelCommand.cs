namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>mel FILE --out X.npy</c>: written once the .npy writer lands with the front end.</summary>
internal static class MelCommand
{
    public static int Run(CliArguments args, TextWriter output)
    {
        _ = args;
        output.WriteLine("mel: not available yet.");
        return ExitCodes.Failed;
    }
}

namespace MelMage.Worker.Gpu.Cli;

/// <summary>A usage error: printed without a stack trace, exit code 64.</summary>
public sealed class CliException(string message) : Exception(message);

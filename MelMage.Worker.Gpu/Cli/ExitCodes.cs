namespace MelMage.Worker.Gpu.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    /// <summary>Some inputs could not be read; the rest were processed.</summary>
    public const int SomeFailed = 2;
    public const int NoModel = 3;
    public const int Usage = 64;
}

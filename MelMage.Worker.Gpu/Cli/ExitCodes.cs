namespace MelMage.Worker.Gpu.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    /// <summary>Some inputs could not be read; the rest were processed.</summary>
    public const int SomeFailed = 2;
    public const int NoModel = 3;
    public const int Usage = 64;
    /// <summary>A server the command needs (the database) could not be reached (sysexits' EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;
    /// <summary>Configuration the command needs (a connection string) is missing or malformed (sysexits' EX_CONFIG).</summary>
    public const int Config = 78;
}

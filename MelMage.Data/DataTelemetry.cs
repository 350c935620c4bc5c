using System.Diagnostics;

namespace MelMage.Data;

/// <summary>Spans of the data layer (Npgsql traces each command; these name the operations around them).</summary>
public static class DataTelemetry
{
    public const string Name = "MelMage.Data";
    public static readonly ActivitySource ActivitySource = new(Name);
}

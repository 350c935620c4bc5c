namespace MelMage.Model.Inference;

/// <summary>What the loaded model is: its version, its classes and its card (model.json) as JSON.</summary>
/// <remarks><see cref="ServedVersion"/> is the version the engine's answers carry: the model's own, unless an engine
/// option changes what the model answers (a test-time shift count other than its card's, see
/// <see cref="InferenceEngine.Shifts"/>), then with that setting appended (<c>esc10-r3+shifts1</c>). Stored predictions
/// and cached visualizations are keyed by it, so an answer made under one setting is never copied under another;
/// the model registry and the models API keep the plain <see cref="Version"/>.</remarks>
public sealed record ModelInfo(string Version, IReadOnlyList<string> Labels, string? CardJson)
{
    private const string ShiftsSuffix = "+shifts";

    public string ServedVersion { get; init; } = Version;

    /// <summary>The test-time shifts the model's card asks for (1: none).</summary>
    public int TestTimeShifts { get; init; } = 1;

    /// <summary>The shift count under which this model made answers that carry <paramref name="servedVersion"/>;
    /// null when another model or version made them.</summary>
    public int? ShiftsOf(string servedVersion)
    {
        if (servedVersion == Version) return TestTimeShifts;
        return servedVersion.StartsWith(Version + ShiftsSuffix, StringComparison.Ordinal)
               && int.TryParse(servedVersion.AsSpan(Version.Length + ShiftsSuffix.Length), System.Globalization.NumberStyles.None,
                   System.Globalization.CultureInfo.InvariantCulture, out var shifts) && shifts >= 1
            ? shifts
            : null;
    }

    /// <summary>The version answers carry when served with <paramref name="shifts"/> shifts by a model whose card asks
    /// for <paramref name="ownShifts"/>.</summary>
    public static string ServedVersionOf(string version, int shifts, int ownShifts) =>
        shifts == ownShifts ? version : $"{version}{ShiftsSuffix}{shifts}";
}

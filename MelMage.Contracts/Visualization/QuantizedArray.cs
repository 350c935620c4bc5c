namespace MelMage.Contracts.Visualization;

/// <summary>An n-d float array stored as one byte per value: <c>value ≈ Min + byte / 255 · (Max − Min)</c>, row-major,
/// the bytes base64-encoded. Display needs 256 levels, not 32-bit floats; this is a quarter of the size before
/// compression and compresses far better.</summary>
public sealed record QuantizedArray(int[] Shape, float Min, float Max, string Data)
{
    public static QuantizedArray From(ReadOnlySpan<float> values, params int[] shape)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min > max) (min, max) = (0, 0);
        var scale = max > min ? 255f / (max - min) : 0f;
        var bytes = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = float.IsFinite(values[i]) ? values[i] : min;
            bytes[i] = (byte)Math.Clamp(MathF.Round((v - min) * scale), 0, 255);
        }
        return new QuantizedArray(shape, min, max, Convert.ToBase64String(bytes));
    }

    /// <summary>The values back, within (Max − Min) / 510 of the originals.</summary>
    public float[] Decode()
    {
        var bytes = Convert.FromBase64String(Data);
        var step = (Max - Min) / 255f;
        var values = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) values[i] = Min + bytes[i] * step;
        return values;
    }
}

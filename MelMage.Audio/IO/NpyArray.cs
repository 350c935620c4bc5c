namespace MelMage.Audio.IO;

/// <summary>A float32 array read from or written to a <c>.npy</c> file, in C (row-major) order.</summary>
/// <param name="Data">The elements, last axis fastest.</param>
/// <param name="Shape">The extent of each axis; empty for a scalar.</param>
public sealed record NpyArray(float[] Data, int[] Shape);

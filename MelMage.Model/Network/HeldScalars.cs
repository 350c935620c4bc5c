using TorchSharp;

namespace MelMage.Model.Network;

/// <summary>
/// Scalars that live as long as the process. TorchSharp's one-argument <c>add</c> and <c>add_</c>, of a tensor or of a
/// Scalar (and so the tensor <c>+</c> operator), pass an alpha of 1 as a temporary <see cref="Scalar"/>, which, like
/// every implicit Scalar (Training/AdamW.cs says why), a garbage collection on another thread can free while the native
/// call still reads it. An ESC-10 training fold died of exactly that at epoch 47 (2026-12-04: "Expected false to be
/// true" from c10's Scalar::toFloat inside <c>add_</c>, in the trainer's mixup). Every sum in the model code (network,
/// BN folding, trainer, test-time shifts, AdamW) passes <see cref="One"/> instead; the static field keeps it reachable.
/// A Scalar is immutable native data, so sharing it across threads is safe.
/// </summary>
public static class HeldScalars
{
    public static readonly Scalar One = 1.ToScalar();
}

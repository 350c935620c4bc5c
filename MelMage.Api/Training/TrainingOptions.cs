namespace MelMage.Api.Training;

/// <summary>Section <c>Training</c>: the folders training runs may read.</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>Absolute folders; a run's data directory must be one of them or lie below one. None: no run is
    /// accepted.</summary>
    public string[] DataRoots { get; set; } = [];
}

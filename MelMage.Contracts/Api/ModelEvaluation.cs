namespace MelMage.Contracts.Api;

/// <summary>
/// A model's evaluation report: the <c>evaluation.json</c> the trainer writes beside the weights, served as it is by
/// <c>GET /api/models/{name}/evaluation</c>. Accuracies are fractions in [0, 1].
/// </summary>
/// <param name="Protocol">How it was measured, in words (e.g. 5-fold cross-validation on the official folds).</param>
/// <param name="Command">The command that produced it.</param>
/// <param name="Labels">The classes, in the order of <see cref="PerClass"/> and of the confusion matrix.</param>
/// <param name="Folds">Accuracy on each test fold.</param>
/// <param name="Mean">Mean of the fold accuracies.</param>
/// <param name="Sd">Standard deviation of the fold accuracies.</param>
/// <param name="BalancedAccuracy">Mean of the per-class accuracies, when reported.</param>
/// <param name="PerClass">Accuracy of each class over all test folds.</param>
/// <param name="Confusion">Counts pooled over all test folds: rows are the true label, columns the predicted one, both
/// in <see cref="Labels"/> order.</param>
/// <param name="Groups">Accuracy of groups of classes, when reported.</param>
/// <param name="FoldsPlanned">Set while a cross-validation is still being run fold by fold: how many folds it will
/// have; <see cref="Folds"/> then lists those finished so far. Null when the report is complete.</param>
/// <param name="Untested">Classes no test fold held (all their clips from one source recording, which folds dealt by
/// recording keep together, so every fold trains on it): they have no row in <see cref="PerClass"/>. Null when every
/// class was tested.</param>
public sealed record ModelEvaluation(
    string Protocol,
    string? Command,
    IReadOnlyList<string> Labels,
    IReadOnlyList<FoldAccuracy> Folds,
    double Mean,
    double Sd,
    double? BalancedAccuracy,
    IReadOnlyList<ClassAccuracy> PerClass,
    IReadOnlyList<IReadOnlyList<int>> Confusion,
    IReadOnlyList<GroupAccuracy>? Groups,
    int? FoldsPlanned = null,
    IReadOnlyList<string>? Untested = null)
{
    public EvaluationSummary ToSummary() => new(Protocol, Mean, Sd, BalancedAccuracy, Folds.Count, FoldsPlanned);
}

public sealed record FoldAccuracy(int Fold, double Accuracy, int Clips);

public sealed record ClassAccuracy(string Label, double Accuracy, int Clips);

/// <summary>A group of classes (ESC-10's and the others): its accuracy over its test clips, the mean of its classes'
/// accuracies, and how many test clips it has (the last two null in a report that does not give them).</summary>
public sealed record GroupAccuracy(string Name, double Accuracy, double? BalancedAccuracy = null, int? Clips = null);

using System.Globalization;
using System.Text;

namespace MelMage.Model.Training;

/// <summary>Accuracy, per-class accuracy and the confusion matrix (rows: true class, columns: predicted).</summary>
public sealed record EvaluationReport(
    string Model, int? Fold, int Clips, double Accuracy, IReadOnlyList<ClassAccuracy> PerClass, IReadOnlyList<string> Labels, int[][] Confusion)
{
    public string ConfusionCsv()
    {
        var csv = new StringBuilder("true\\predicted," + string.Join(",", Labels) + "\n");
        for (var i = 0; i < Labels.Count; i++) csv.Append(Labels[i]).Append(',').AppendJoin(",", Confusion[i]).Append('\n');
        return csv.ToString();
    }

    public string PerClassCsv()
    {
        var csv = new StringBuilder("label,clips,correct,accuracy\n");
        foreach (var c in PerClass)
            csv.Append(CultureInfo.InvariantCulture, $"{c.Label},{c.Clips},{c.Correct},{c.Accuracy:F4}\n");
        return csv.ToString();
    }
}

/// <summary>How one class fared.</summary>
public sealed record ClassAccuracy(string Label, int Clips, int Correct, double Accuracy);

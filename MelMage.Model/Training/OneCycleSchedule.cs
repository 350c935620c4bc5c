namespace MelMage.Model.Training;

/// <summary>
/// The one-cycle policy as PyTorch's OneCycleLR defines it (cosine annealing, two phases): the learning rate rises from
/// max/div to max over the first <c>pctStart</c> of the steps, then falls to max/(div·finalDiv); Adam's β1 moves the
/// opposite way between <c>maxMomentum</c> and <c>baseMomentum</c>. A pure function of the step, so a resumed run
/// continues exactly where it stopped.
/// </summary>
public sealed record OneCycleSchedule(
    double MaxLearningRate, int TotalSteps, double PctStart = 0.1, double DivFactor = 25, double FinalDivFactor = 1e4,
    double BaseMomentum = 0.85, double MaxMomentum = 0.95)
{
    public double InitialLearningRate => MaxLearningRate / DivFactor;
    public double MinLearningRate => InitialLearningRate / FinalDivFactor;

    public (double LearningRate, double Momentum) At(int step)
    {
        var warmEnd = PctStart * TotalSteps - 1;
        var end = TotalSteps - 1.0;
        if (step <= warmEnd)
        {
            var pct = warmEnd <= 0 ? 1 : step / warmEnd;
            return (Cosine(InitialLearningRate, MaxLearningRate, pct), Cosine(MaxMomentum, BaseMomentum, pct));
        }
        var down = end - warmEnd <= 0 ? 1 : Math.Min(1, (step - warmEnd) / (end - warmEnd));
        return (Cosine(MaxLearningRate, MinLearningRate, down), Cosine(BaseMomentum, MaxMomentum, down));
    }

    private static double Cosine(double start, double end, double pct) => end + (start - end) / 2 * (1 + Math.Cos(Math.PI * pct));
}

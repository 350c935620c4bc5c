using System.Text.Json;
using MelMage.Model.Checkpoints;
using MelMage.Model.Training;
using MelMage.Tests.Infrastructure;
using static TorchSharp.torch;

namespace MelMage.Tests.Training;

[Collection(SerialTorchCollection.Name)]
public sealed class TrainingTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("melmage-train-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    private TrainingOptions Options(string data, string name, int epochs) => new()
    {
        DataDirectory = data,
        OutputDirectory = Path.Combine(output, name),
        Epochs = epochs,
        Seed = 11,
        Version = "test",
    };

    [Fact]
    public void Train_DevSetTwoEpochs_LossFallsAndWritesCheckpointTensorBoardAndModel()
    {
        // Six clips of every class: the size of the dev set this test was written for (it has 649 now).
        using var subset = new Esc50Subset(classes: 50, perClass: 6);
        var options = Options(subset.Root, "dev", epochs: 2);
        var result = new Trainer(TextWriter.Null).Run(options);

        Assert.Equal(2, result.History.Count);
        Assert.True(result.History[1].TrainLoss < result.History[0].TrainLoss,
            $"loss {result.History[0].TrainLoss:F3} → {result.History[1].TrainLoss:F3}");
        Assert.True(result.FoldsAssigned);
        Assert.Equal(300, result.TrainClips + result.TestClips);
        Assert.InRange(result.FinalAccuracy!.Value, 0, 1);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(options.OutputDirectory, "tensorboard"), "events.out.tfevents*", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, Trainer.CheckpointFolder, "state.json")));
        Assert.True(File.Exists(Path.Combine(options.OutputDirectory, Trainer.RunFile)));
        var metadata = ModelCheckpoint.ReadMetadata(result.ModelDirectory);
        Assert.Equal(50, metadata.Labels.Count);
        Assert.Equal("dog", metadata.Labels[0]);
        Assert.Contains("final", metadata.Evaluation!["selection"]!.GetValue<string>());
    }

    [Fact]
    public void Resume_AfterStoppingAtEpoch2_ContinuesAtEpoch3AndEndsWhereOneSittingWould()
    {
        using var subset = new Esc50Subset(classes: 8);
        var straight = new Trainer(TextWriter.Null).Run(Options(subset.Root, "straight", epochs: 3));

        var split = Options(subset.Root, "split", epochs: 3);
        var first = new Trainer(TextWriter.Null).Run(split with { StopAfterEpochs = 2 });
        Assert.False(first.Completed);
        var log = new StringWriter();
        var resumed = new Trainer(log).Run(split with { Resume = true });

        Assert.Contains("Resuming after epoch 2", log.ToString());
        Assert.Equal([1, 2, 3], resumed.History.Select(h => h.Epoch));
        Assert.True(resumed.Completed);
        Assert.Equal(straight.History[2].TrainLoss, resumed.History[2].TrainLoss, 4);
        var a = SafeTensors.Read(Path.Combine(straight.ModelDirectory, ModelCheckpoint.WeightsFile));
        var b = SafeTensors.Read(Path.Combine(resumed.ModelDirectory, ModelCheckpoint.WeightsFile));
        foreach (var (name, tensor) in a)
            Assert.True(tensor.allclose(b[name], rtol: 1e-4, atol: 1e-5), name);
    }

    [Theory]
    [InlineData("--data d --cv --fold 3 --epochs 80 --resume", "melmage-worker train --data d --cv --epochs 80")]
    [InlineData("--fold=2,3 --data d --stop-after 5 --cv", "melmage-worker train --data d --cv")]
    [InlineData("--data d --cv --folds grouped", "melmage-worker train --data d --cv --folds grouped")]
    public void CrossValidation_ReportedCommand_LeavesOutTheOptionsThatOnlySteerSittings(string sitting, string reported) =>
        Assert.Equal(reported, CrossValidation.ReproducingCommand(sitting.Split(' ')));

    [Fact]
    public void CrossValidation_ClassSubsetWithEveryLever_ReportsFoldsPooledConfusionAndResumesFinishedFolds()
    {
        using var subset = new Esc50Subset(classes: 5);
        // Three of the five classes, on the half-rate front end, with every augmentation and the weight average on.
        var options = Options(subset.Root, "cv", epochs: 1) with
        {
            BatchSize = 8,
            Classes = "dog,pig,frog",
            FrontEnd = FrontEnds.Half,
            FrequencyMasks = 2,
            TimeMasks = 2,
            TimeShift = true,
            GainDb = 6,
            BackgroundProbability = 0.5,
            MixupProbability = 1,
            EmaDecay = 0.9,
            TestTimeShifts = 3,
        };
        // One sitting runs fold 2 alone (--cv --fold 2): a partial report that says so; the next pools it with the four
        // it trains.
        var first = CrossValidation.Run(options, TextWriter.Null, onlyFolds: [2]);
        Assert.False(first.Completed);
        Assert.Equal([2], first.Folds.Select(f => f.Fold));
        Assert.False(Directory.Exists(Path.Combine(output, "cv", "fold1")));
        Assert.False(File.Exists(Path.Combine(output, "cv", "cv.json")));
        var partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "cv", CrossValidation.EvaluationFile))).RootElement;
        Assert.Equal(5, partial.GetProperty("foldsPlanned").GetInt32());
        Assert.Equal([2], partial.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("fold").GetInt32()));
        Assert.Contains("so far only fold 2 of 5", partial.GetProperty("protocol").GetString());
        Assert.Equal(first.Folds[0].FinalAccuracy!.Value, partial.GetProperty("mean").GetDouble(), 6);
        var sitting = new StringWriter();
        var summary = CrossValidation.Run(options with { Resume = true }, sitting, "train --cv (test)");
        Assert.Single(sitting.ToString().Split("fold 2 of 5: finished in an earlier sitting").Skip(1));

        Assert.True(summary.Completed);
        Assert.Equal([1, 2, 3, 4, 5], summary.Folds.Select(f => f.Fold));
        Assert.Equal(summary.Folds.Average(f => f.FinalAccuracy!.Value), summary.Mean, 6);
        Assert.True(File.Exists(Path.Combine(output, "cv", "cv.json")));
        Assert.All(summary.Folds, f => Assert.True(File.Exists(Path.Combine(f.ModelDirectory, ModelCheckpoint.WeightsFile))));
        var model = ModelCheckpoint.ReadMetadata(summary.Folds[0].ModelDirectory);
        Assert.Equal(["dog", "pig", "frog"], model.Labels);
        Assert.Equal(22050, model.FrontEnd.SampleRate);

        // evaluation.json: the contract the API and the page read.
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "cv", CrossValidation.EvaluationFile))).RootElement;
        Assert.Equal(["dog", "pig", "frog"], report.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var folds = report.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(5, folds.Count);
        var clips = folds.Sum(f => f.GetProperty("clips").GetInt32());
        var confusion = report.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.Equal(clips, confusion.Sum(r => r.Sum()));
        Assert.Equal(summary.Mean, report.GetProperty("mean").GetDouble(), 6);
        var recalls = Enumerable.Range(0, 3).Where(i => confusion[i].Sum() > 0).Select(i => (double)confusion[i][i] / confusion[i].Sum()).ToList();
        Assert.Equal(recalls.Average(), report.GetProperty("balancedAccuracy").GetDouble(), 6);
        Assert.Equal(3, report.GetProperty("testTimeShifts").GetProperty("shifts").GetInt32());
        Assert.Contains("cross-validation", report.GetProperty("protocol").GetString());
        Assert.DoesNotContain("so far", report.GetProperty("protocol").GetString());
        Assert.False(report.TryGetProperty("foldsPlanned", out var planned) && planned.ValueKind != JsonValueKind.Null);
        Assert.Equal(1, report.GetProperty("shifts").GetInt32());

        // evaluation-shifts.json: the same folds with every answer the mean over 3 shifts, numbers and all, which is
        // what a model served with shifts ships; the fold models' model.json asks to be served so.
        Assert.Equal(3, model.TestTimeShifts);
        var shifted = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "cv", CrossValidation.EvaluationWithShiftsFile))).RootElement;
        Assert.Equal(3, shifted.GetProperty("shifts").GetInt32());
        Assert.Contains("mean over 3 circular time shifts", shifted.GetProperty("protocol").GetString());
        var tta = report.GetProperty("testTimeShifts");
        Assert.Equal(tta.GetProperty("mean").GetDouble(), shifted.GetProperty("mean").GetDouble(), 9);
        Assert.Equal(tta.GetProperty("balancedAccuracy").GetDouble(), shifted.GetProperty("balancedAccuracy").GetDouble(), 9);
        var shiftedConfusion = shifted.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.Equal(clips, shiftedConfusion.Sum(r => r.Sum()));
        Assert.Equal(shifted.GetProperty("mean").GetDouble(),
            shifted.GetProperty("folds").EnumerateArray().Average(f => f.GetProperty("accuracy").GetDouble()), 9);
        Assert.False(shifted.TryGetProperty("testTimeShifts", out var nested) && nested.ValueKind != JsonValueKind.Null);

        // A second sitting with --resume reuses every finished fold instead of training it again.
        var log = new StringWriter();
        var again = CrossValidation.Run(options with { Resume = true }, log);
        Assert.Equal(5, log.ToString().Split("finished in an earlier sitting").Length - 1);
        Assert.Equal(summary.Mean, again.Mean, 9);
    }

    [Fact]
    public void Dataset_Esc10_IsTheTenClassBenchmarkOnItsOfficialFolds()
    {
        var esc10 = Esc50Dataset.Load(TestPaths.Esc50Dev, Esc50Dataset.Esc10);

        Assert.Equal(["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick", "helicopter", "chainsaw"], esc10.Labels);
        Assert.Equal(400, esc10.Clips.Count);
        Assert.False(esc10.FoldsAssigned);
        Assert.Equal([1, 2, 3, 4, 5], esc10.Folds);
        Assert.All(esc10.Clips.GroupBy(c => c.Fold), fold => Assert.Equal(80, fold.Count()));
        Assert.All(esc10.Clips, c => Assert.Equal(c.Category, esc10.Labels[c.Target]));

        var list = Esc50Dataset.Load(TestPaths.Esc50Dev, "rain,dog");
        Assert.Equal(["dog", "rain"], list.Labels);
        var unknown = Assert.Throws<InvalidDataException>(() => Esc50Dataset.Load(TestPaths.Esc50Dev, "dog,unicorn"));
        Assert.Contains("unicorn", unknown.Message);
    }

    [Fact]
    public void Dataset_GroupedFolds_KeepRecordingsTogetherAndEveryClassInEveryTrainingSplit()
    {
        var dataset = Esc50Dataset.Load(TestPaths.Esc50Dev, folds: FoldScheme.Grouped);

        Assert.True(dataset.FoldsAssigned);
        Assert.Equal([1, 2, 3, 4, 5], dataset.Folds);
        // No source recording straddles two folds.
        Assert.All(dataset.Clips.GroupBy(c => (c.Target, c.Source)), g => Assert.Single(g.Select(c => c.Fold).Distinct()));
        // Every class is in every training split.
        foreach (var fold in dataset.Folds)
        {
            var trained = dataset.Clips.Where(c => c.Fold != fold).Select(c => c.Target).Distinct().Count();
            Assert.Equal(50, trained);
        }
        // Classes with two or more recordings are tested in at least two folds; one with a single recording
        // (washing_machine in the dev set) is never held out, and says so.
        Assert.Equal(["washing_machine"], dataset.UntestedClasses);
        Assert.All(dataset.Clips.Where(c => c.Category != "washing_machine").GroupBy(c => c.Target),
            cls => Assert.True(cls.Select(c => c.Fold).Distinct().Count() >= 2, cls.First().Category));
        // Fold sizes come out balanced (the official folds of the dev set hold 81–320 clips).
        var sizes = dataset.Clips.Where(c => c.Fold > 0).GroupBy(c => c.Fold).Select(g => g.Count()).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 10, string.Join(", ", sizes));
    }

    [Fact]
    public void Evaluate_TrainedModel_WritesAccuracyPerClassAndConfusion()
    {
        using var subset = new Esc50Subset(classes: 4);
        var result = new Trainer(TextWriter.Null).Run(Options(subset.Root, "eval", epochs: 1) with { BatchSize = 8 });

        var report = Evaluator.Evaluate(subset.Root, result.ModelDirectory, Evaluator.HeldOutFold(result.ModelDirectory));
        var dir = Path.Combine(output, "report");
        Evaluator.Write(report, dir);

        Assert.Equal(5, report.Fold);
        Assert.Equal(report.Clips, report.Confusion.Sum(row => row.Sum()));
        Assert.Equal(report.Accuracy, (double)Enumerable.Range(0, 4).Sum(i => report.Confusion[i][i]) / report.Clips, 6);
        // The engine path must agree with the trainer's own held-out evaluation of the same weights.
        Assert.Equal(result.FinalAccuracy!.Value, report.Accuracy, 6);
        // run.json keeps each held-out clip's answer with its softmax (what a later ensemble of seeds averages).
        var predictions = result.TestPredictions!;
        Assert.Equal(report.Clips, predictions.Count);
        Assert.Equal(result.FinalAccuracy!.Value, predictions.Count(p => p.Predicted == p.Target) / (double)predictions.Count, 6);
        Assert.All(predictions, p =>
        {
            Assert.Equal(4, p.Probabilities!.Length);
            Assert.Equal(1.0, p.Probabilities.Sum(), 3);
            Assert.Equal(p.Probabilities.Max(), p.Probabilities[p.Predicted]); // rounding keeps the order
        });
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "confusion.csv")).Length);
        Assert.StartsWith("label,clips,correct,accuracy", File.ReadAllText(Path.Combine(dir, "per-class.csv")));
        Assert.Equal(report.Accuracy, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "evaluation.json"))).RootElement.GetProperty("accuracy").GetDouble(), 6);
    }

    [Fact]
    public void Dataset_SingleFoldSubset_GetsFiveFoldsWithoutSplittingARecording()
    {
        // The dev set carries ESC-50's official folds: they are kept as they are.
        var official = Esc50Dataset.Load(TestPaths.Esc50Dev);
        Assert.False(official.FoldsAssigned);
        Assert.Equal([1, 2, 3, 4, 5], official.Folds);

        // A subset whose metadata names one fold only gets five, and no recording straddles two.
        var subset = Path.Combine(output, "single-fold");
        Directory.CreateDirectory(Path.Combine(subset, "meta"));
        File.CreateSymbolicLink(Path.Combine(subset, "audio"), Path.Combine(TestPaths.Esc50Dev, "audio"));
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Esc50Dev, "meta", "esc50.csv"));
        File.WriteAllLines(Path.Combine(subset, "meta", "esc50.csv"),
            [lines[0], .. lines.Skip(1).Where(l => l.Split(',')[1] == "4")]);
        var dataset = Esc50Dataset.Load(subset);
        Assert.True(dataset.FoldsAssigned);
        Assert.Equal([1, 2, 3, 4, 5], dataset.Folds);
        Assert.All(dataset.Clips.GroupBy(c => (c.Target, c.Source)), g => Assert.Single(g.Select(c => c.Fold).Distinct()));
        Assert.Throws<InvalidDataException>(() => Esc50Dataset.Load(Path.Combine(output, "not-esc50")));
    }

    [Fact]
    public void Options_WithoutTestFold_ReadBackAsTheSameRecipe()
    {
        // A final model (--no-test) resumes from its checkpoint's options: null must not read back as fold 5.
        var options = Options(TestPaths.Esc50Dev, "final", epochs: 2) with { TestFold = null };
        var json = JsonSerializer.Serialize(options, ModelCheckpoint.JsonOptions);
        var read = JsonSerializer.Deserialize<TrainingOptions>(json, ModelCheckpoint.JsonOptions)!;
        Assert.Null(read.TestFold);
        Assert.True(options.SameRecipe(read));
    }

    [Fact]
    public void OneCycle_MatchesPyTorchShape()
    {
        var s = new OneCycleSchedule(2e-3, 100);
        Assert.Equal(2e-3 / 25, s.At(0).LearningRate, 10);
        Assert.Equal(0.95, s.At(0).Momentum, 10);
        Assert.Equal(2e-3, s.At(9).LearningRate, 10);
        Assert.Equal(0.85, s.At(9).Momentum, 10);
        Assert.Equal(2e-3 / 25 / 1e4, s.At(99).LearningRate, 12);
        Assert.True(s.At(50).LearningRate < s.At(20).LearningRate);
    }

    [Fact]
    public void Mixup_BetaSamples_AreInUnitIntervalAndMostlyNearTheEnds()
    {
        var random = new Random(1);
        var draws = Enumerable.Range(0, 4000).Select(_ => Augmentation.SampleBeta(0.2, random)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 1));
        Assert.InRange(draws.Average(), 0.45, 0.55);
        Assert.True(draws.Count(d => d < 0.1 || d > 0.9) > 0.5 * draws.Length);
    }

    [Fact]
    public void Masking_BlanksOneBandAndOneSpan()
    {
        var plane = Enumerable.Repeat(1f, 128 * 431).ToArray();
        Augmentation.MaskInPlace(plane, 128, 431, 30, 80, 0f, new Random(4));
        var maskedRows = Enumerable.Range(0, 128).Count(m => plane.AsSpan(m * 431, 431).IndexOfAnyExcept(0f) < 0);
        var maskedColumns = Enumerable.Range(0, 431).Count(t => Enumerable.Range(0, 128).All(m => plane[m * 431 + t] == 0));
        Assert.InRange(maskedRows, 0, 29);
        Assert.InRange(maskedColumns, 0, 79);
        Assert.True(maskedRows + maskedColumns > 0);
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MelMage.Model.Checkpoints;
using MelMage.Model.Network;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Training;

/// <summary>
/// Trains the network on an ESC-50 folder (or a class subset of it): AdamW, one-cycle schedule stepped per batch,
/// cross-entropy with label smoothing, SpecAugment masking, mixup, and the optional levers of
/// <see cref="TrainingOptions"/> (several masks, circular time shifts, gain, background mixing, a moving average of
/// the weights, test-time shifts). After every epoch it writes
/// TensorBoard scalars, a checkpoint that <see cref="TrainingOptions.Resume"/> continues from exactly, and a progress
/// line. Every epoch draws its randomness from (seed, epoch), so a run split over several sittings ends where one
/// sitting would.
/// </summary>
public sealed class Trainer(TextWriter log)
{
    public const string CheckpointFolder = "checkpoint";
    public const string ModelFolder = "model";
    public const string BestFolder = "best";
    public const string RunFile = "run.json";

    /// <summary>Called after each epoch (for progress reporting to a database or API).</summary>
    public Action<EpochMetrics>? EpochCompleted { get; init; }

    public TrainingResult Run(TrainingOptions options, CancellationToken cancellation = default)
    {
        var dataset = Esc50Dataset.Load(options.DataDirectory, options.Classes, options.Folds);
        if (dataset.FoldsAssigned)
            log.WriteLine($"Folds of {dataset.Root} dealt anew: 5 folds by source recording, spread by class ({dataset.Labels.Count} classes, {dataset.Clips.Count} clips).");
        if (dataset.UntestedClasses is { Count: > 0 } untested)
            log.WriteLine($"Never held out (one source recording each, so always trained on): {string.Join(", ", untested)}.");
        var train = dataset.Clips.Where(c => c.Fold != options.TestFold).ToList();
        var test = options.TestFold is { } k ? dataset.Clips.Where(c => c.Fold == k).ToList() : [];
        if (train.Count == 0) throw new InvalidDataException($"No training clips: every clip is in fold {options.TestFold}.");
        if (options.TestFold is { } f && test.Count == 0)
            throw new InvalidDataException($"Fold {f} is empty; folds present: {string.Join(", ", dataset.Folds)}.");

        Directory.CreateDirectory(options.OutputDirectory);
        var watch = Stopwatch.StartNew();
        log.WriteLine($"Computing log-mel spectrograms of {dataset.Clips.Count} clips (cached in {Path.Combine(options.OutputDirectory, "cache")}) ...");
        var cache = SpectrogramCache.Build(dataset.Clips, options.FrontEnd, Path.Combine(options.OutputDirectory, "cache"));
        log.WriteLine($"Spectrograms ready in {watch.Elapsed.TotalSeconds:F1} s. Train {train.Count} clips, test {test.Count} clips (fold {options.TestFold?.ToString() ?? "none"}).");

        manual_seed(options.Seed);
        using var network = new AudioResNet(dataset.Labels.Count, options.Dropout);
        ChannelsLast.Apply(network);
        using var optimizer = TrainingStep.CreateOptimizer(network, options.LearningRate, options.WeightDecay);
        using var average = options.EmaDecay is { } decay ? new WeightAverage(network, decay) : null;
        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var schedule = new OneCycleSchedule(options.MaxLearningRate, stepsPerEpoch * options.Epochs, options.WarmupFraction);

        var state = new TrainingState { Options = options };
        var checkpoint = Path.Combine(options.OutputDirectory, CheckpointFolder);
        if (options.Resume && File.Exists(Path.Combine(checkpoint, "state.json")))
        {
            state = LoadCheckpoint(checkpoint, network, optimizer, average, options);
            options = options with { Version = state.Options.Version };
            log.WriteLine($"Resuming after epoch {state.EpochsDone} (step {state.StepsDone}).");
        }

        var writer = TorchSharp.torch.utils.tensorboard.SummaryWriter(Path.Combine(options.OutputDirectory, "tensorboard"));
        var lastEpoch = options.StopAfterEpochs is { } sitting ? Math.Min(options.Epochs, state.EpochsDone + sitting) : options.Epochs;
        for (var epoch = state.EpochsDone + 1; epoch <= lastEpoch; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var epochWatch = Stopwatch.StartNew();
            var (loss, lr) = TrainEpoch(network, optimizer, average, schedule, train, cache, options, epoch, state.StepsDone);
            double? testLoss = null, testAccuracy = null;
            if (test.Count > 0)
            {
                using var averaged = average?.Apply(network);
                (testLoss, testAccuracy) = Evaluate(network, test, cache, options.BatchSize);
            }
            var metrics = new EpochMetrics(epoch, loss, lr, testLoss, testAccuracy, epochWatch.Elapsed.TotalSeconds);

            var best = testAccuracy is { } acc && (state.BestAccuracy is null || acc > state.BestAccuracy);
            state = state with
            {
                EpochsDone = epoch,
                StepsDone = state.StepsDone + stepsPerEpoch,
                History = [.. state.History, metrics],
                BestAccuracy = best ? testAccuracy : state.BestAccuracy,
                BestEpoch = best ? epoch : state.BestEpoch,
                SecondsSpent = state.SecondsSpent + epochWatch.Elapsed.TotalSeconds,
            };

            writer.add_scalar("train/loss", (float)loss, epoch);
            writer.add_scalar("train/learning_rate", (float)lr, epoch);
            if (testLoss is { } tl) writer.add_scalar("test/loss", (float)tl, epoch);
            if (testAccuracy is { } ta) writer.add_scalar("test/accuracy", (float)ta, epoch);
            if (best) SaveModel(network, average, dataset, options, state, Path.Combine(options.OutputDirectory, BestFolder), "best");
            SaveCheckpoint(checkpoint, network, optimizer, average, state);
            EpochCompleted?.Invoke(metrics);

            var perEpoch = state.SecondsSpent / state.EpochsDone;
            var eta = TimeSpan.FromSeconds(perEpoch * (options.Epochs - epoch));
            log.WriteLine($"epoch {epoch,3}/{options.Epochs}  loss {loss:F4}  lr {lr:E2}" +
                (testAccuracy is { } a ? $"  test loss {testLoss:F4}  test acc {a:P1}" : "") +
                $"  {metrics.Seconds:F1} s  ETA {eta:hh\\:mm\\:ss}");
        }

        return Finish(network, average, dataset, cache, options, state, train.Count, test);
    }

    private TrainingResult Finish(AudioResNet network, WeightAverage? average, Esc50Dataset dataset, SpectrogramCache cache,
        TrainingOptions options, TrainingState state, int trainCount, List<Esc50Clip> test)
    {
        var completed = state.EpochsDone >= options.Epochs;
        var final = state.History.LastOrDefault()?.TestAccuracy;
        var modelDir = Path.Combine(options.OutputDirectory, ModelFolder);
        string kept, reason;
        if (options.Keep == "best" && state.BestEpoch is { } be)
        {
            CopyDirectory(Path.Combine(options.OutputDirectory, BestFolder), modelDir);
            kept = $"best (epoch {be})";
            reason = "asked for the best epoch; its accuracy was chosen by looking at the test fold, so it is optimistic.";
        }
        else
        {
            SaveModel(network, average, dataset, options, state, modelDir, "final");
            kept = $"final (epoch {state.EpochsDone})";
            reason = "the last epoch's weights: selected without looking at the test fold, so its test accuracy is an honest estimate.";
        }

        // The kept final model's answers on the held-out fold, as served (no shifts) and with test-time shifts.
        IReadOnlyList<ClipPrediction>? predictions = null;
        if (completed && test.Count > 0 && options.Keep != "best")
        {
            using var averaged = average?.Apply(network);
            var plain = Probabilities(network, test, cache, options.BatchSize, 1);
            var shifted = options.TestTimeShifts > 1 ? Probabilities(network, test, cache, options.BatchSize, options.TestTimeShifts) : null;
            predictions = test.Select((c, i) => new ClipPrediction(c.FileName, c.Target, ArgMax(plain[i]), shifted is null ? null : ArgMax(shifted[i]))
            {
                // Rounded so run.json stays readable; enough to average folds of several seeds into an ensemble later.
                Probabilities = plain[i].Select(p => MathF.Round(p, 5)).ToArray(),
                ProbabilitiesWithShifts = shifted?[i].Select(p => MathF.Round(p, 5)).ToArray(),
            }).ToList();
        }

        var result = new TrainingResult
        {
            Version = options.Version,
            Options = options,
            History = state.History,
            FinalAccuracy = final,
            BestAccuracy = state.BestAccuracy,
            BestEpoch = state.BestEpoch,
            Kept = kept,
            KeptReason = reason,
            ModelDirectory = modelDir,
            ModelSha256 = ModelCheckpoint.ReadMetadata(modelDir).WeightsSha256,
            TrainClips = trainCount,
            TestClips = test.Count,
            TestPredictions = predictions,
            FoldsAssigned = dataset.FoldsAssigned,
            Seconds = state.SecondsSpent,
            Completed = completed,
        };
        File.WriteAllText(Path.Combine(options.OutputDirectory, RunFile), JsonSerializer.Serialize(result, ModelCheckpoint.JsonOptions));
        log.WriteLine(completed ? "Training complete." : $"Stopped after epoch {state.EpochsDone} of {options.Epochs}; continue with --resume.");
        if (final is { } fa)
            log.WriteLine($"Final epoch test accuracy {fa:P1}; best {state.BestAccuracy:P1} at epoch {state.BestEpoch} (selected on the test fold: optimistic).");
        if (predictions?.FirstOrDefault()?.PredictedWithShifts is not null)
            log.WriteLine($"With {options.TestTimeShifts} test-time shifts: {predictions.Count(p => p.PredictedWithShifts == p.Target) / (double)predictions.Count:P1}.");
        log.WriteLine($"Kept {kept} in {modelDir}: {reason}");
        return result;
    }

    private static (double Loss, double LearningRate) TrainEpoch(AudioResNet network, OptimizerHelper optimizer, WeightAverage? average,
        OneCycleSchedule schedule, List<Esc50Clip> train, SpectrogramCache cache, TrainingOptions options, int epoch, int firstStep)
    {
        var random = new Random(HashCode.Combine(options.Seed, epoch, 0x5eed));
        manual_seed(options.Seed * 100_003L + epoch);
        var order = EpochSampler.Order(train, options.ClassBalance, random);
        network.train();
        var adam = (AdamW)optimizer;
        double lossSum = 0, lr = 0;
        var step = firstStep;
        foreach (var batch in order.Chunk(options.BatchSize))
        {
            using var scope = NewDisposeScope();
            (lr, var momentum) = schedule.At(step++);
            foreach (var group in adam.ParamGroups) group.LearningRate = lr;
            adam.Betas = (momentum, 0.999);

            var inputs = ChannelsLast.Of(Stack(batch, train, cache, random, options));
            var targets = tensor(batch.Select(c => (long)c.Target).ToArray());
            optimizer.zero_grad();
            Tensor loss;
            if (batch.Length > 1 && random.NextDouble() < options.MixupProbability)
            {
                var lambda = Augmentation.SampleBeta(options.MixupAlpha, random);
                var permutation = Enumerable.Range(0, batch.Length).ToArray();
                random.Shuffle(permutation);
                var index = tensor(permutation.Select(i => (long)i).ToArray());
                // Scalars held until the native calls return (Training/AdamW.cs says why an implicit one is not).
                using var mine = lambda.ToScalar();
                using var theirs = (1 - lambda).ToScalar();
                var mixed = inputs.mul(mine).add_(inputs.index_select(0, index).mul(theirs), HeldScalars.One);
                var logits = Forward(network, mixed, options);
                loss = functional.cross_entropy(logits, targets, label_smoothing: options.LabelSmoothing).mul(mine)
                    .add_(functional.cross_entropy(logits, targets.index_select(0, index), label_smoothing: options.LabelSmoothing).mul(theirs), HeldScalars.One);
            }
            else
            {
                loss = functional.cross_entropy(Forward(network, inputs, options), targets, label_smoothing: options.LabelSmoothing);
            }
            loss.backward();
            optimizer.step();
            average?.Update(network, step);
            lossSum += loss.item<float>() * batch.Length;
        }
        return (lossSum / train.Count, lr);
    }

    private static Tensor Forward(AudioResNet network, Tensor inputs, TrainingOptions options) =>
        options.MixedPrecision ? MixedPrecision.TrainingForward(network, inputs) : network.call(inputs);

    private static Tensor Stack(Esc50Clip[] batch, List<Esc50Clip> train, SpectrogramCache cache, Random random, TrainingOptions options)
    {
        var first = cache[batch[0]];
        var plane = first.Mels * first.Frames;
        var data = new float[batch.Length * plane];
        for (var i = 0; i < batch.Length; i++)
        {
            var s = cache[batch[i]];
            if (s.Frames != first.Frames) throw new InvalidDataException($"{batch[i].FileName} has {s.Frames} frames, others {first.Frames}: ESC-50 clips are 5 s.");
            var slot = data.AsSpan(i * plane, plane);
            s.Values.CopyTo(slot);
            if (options.BackgroundProbability > 0 && random.NextDouble() < options.BackgroundProbability)
            {
                var background = cache[train[random.Next(train.Count)]];
                var snr = options.BackgroundMinSnrDb + random.NextDouble() * (options.BackgroundMaxSnrDb - options.BackgroundMinSnrDb);
                Augmentation.MixBackgroundDb(slot, background.Values, snr);
            }
            if (options.GainDb > 0) Augmentation.AddGainDb(slot, (float)((random.NextDouble() * 2 - 1) * options.GainDb));
            if (options.TimeShift) Augmentation.RollFrames(slot, s.Mels, s.Frames, random.Next(s.Frames));
            for (var m = 0; m < Math.Max(options.FrequencyMasks, options.TimeMasks); m++)
            {
                Augmentation.MaskInPlace(slot, s.Mels, s.Frames,
                    m < options.FrequencyMasks ? options.FrequencyMask : 0, m < options.TimeMasks ? options.TimeMask : 0, options.MaskValue, random);
            }
        }
        return tensor(data, [batch.Length, 1, first.Mels, first.Frames]);
    }

    /// <summary>Each clip's mean softmax over <paramref name="shifts"/> circular time shifts (evenly spaced; 1 = the
    /// clip as it is), in eval mode.</summary>
    public static float[][] Probabilities(AudioResNet network, IReadOnlyList<Esc50Clip> clips, SpectrogramCache cache, int batchSize, int shifts)
    {
        network.eval();
        using var mode = inference_mode();
        var result = new List<float[]>(clips.Count);
        foreach (var batch in clips.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var first = cache[batch[0]];
            var inputs = tensor(batch.SelectMany(c => cache[c].Values).ToArray(), [batch.Length, 1, first.Mels, first.Frames]);
            Tensor? sum = null;
            for (var k = 0; k < shifts; k++)
            {
                var shifted = k == 0 ? inputs : inputs.roll(k * first.Frames / shifts, 3);
                var probabilities = functional.softmax(network.call(ChannelsLast.Of(shifted)), 1);
                sum = sum is null ? probabilities : sum.add(probabilities, HeldScalars.One);
            }
            var mean = sum!.div(shifts).to(float32).cpu().data<float>().ToArray();
            var classes = mean.Length / batch.Length;
            result.AddRange(mean.Chunk(classes));
        }
        return result.ToArray();
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>Loss and accuracy on clips without augmentation, in eval mode.</summary>
    public static (double Loss, double Accuracy) Evaluate(AudioResNet network, IReadOnlyList<Esc50Clip> clips, SpectrogramCache cache, int batchSize)
    {
        network.eval();
        using var mode = inference_mode();
        double loss = 0;
        var correct = 0;
        foreach (var batch in clips.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var first = cache[batch[0]];
            var data = batch.SelectMany(c => cache[c].Values).ToArray();
            var logits = network.call(tensor(data, [batch.Length, 1, first.Mels, first.Frames]));
            var targets = tensor(batch.Select(c => (long)c.Target).ToArray());
            loss += functional.cross_entropy(logits, targets).item<float>() * batch.Length;
            correct += (int)logits.argmax(1).eq(targets).sum().item<long>();
        }
        return (loss / clips.Count, (double)correct / clips.Count);
    }

    private static void SaveModel(AudioResNet network, WeightAverage? average, Esc50Dataset dataset, TrainingOptions options,
        TrainingState state, string directory, string which)
    {
        using var averaged = average?.Apply(network);
        var last = state.History.LastOrDefault();
        var metadata = new ModelMetadata
        {
            Version = options.Version,
            Labels = dataset.Labels,
            FrontEnd = options.FrontEnd,
            Architecture = ArchitectureSpec.Default with { Dropout = options.Dropout },
            TestTimeShifts = options.TestTimeShifts,
            Training = new JsonObject
            {
                ["data"] = Path.GetFullPath(dataset.Root),
                ["clips"] = dataset.Clips.Count,
                ["foldsAssigned"] = dataset.FoldsAssigned,
                ["classes"] = options.Classes ?? "all",
                ["folds"] = options.Folds.ToString(),
                ["weights"] = average is null ? "last step" : $"moving average (decay {options.EmaDecay})",
                ["testFold"] = options.TestFold,
                ["epochs"] = state.EpochsDone,
                ["epochsPlanned"] = options.Epochs,
                ["checkpoint"] = which,
                ["recipe"] = JsonSerializer.SerializeToNode(options with { DataDirectory = "", OutputDirectory = "" }, ModelCheckpoint.JsonOptions),
                ["seconds"] = Math.Round(state.SecondsSpent, 1),
            },
            Evaluation = last?.TestAccuracy is null ? null : new JsonObject
            {
                ["testFold"] = options.TestFold,
                ["testAccuracy"] = which == "best" ? state.BestAccuracy : last.TestAccuracy,
                ["selection"] = which == "best" ? "best epoch on the test fold (optimistic)" : "final epoch (honest held-out estimate)",
            },
        };
        var temp = directory + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        ModelCheckpoint.Save(network, metadata, temp, options.HalfPrecisionWeights);
        ReplaceDirectory(temp, directory);
    }

    private static void SaveCheckpoint(string directory, AudioResNet network, OptimizerHelper optimizer, WeightAverage? average, TrainingState state)
    {
        // Written beside, then swapped in: a crash mid-write leaves the previous checkpoint intact.
        var temp = directory + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, true);
        Directory.CreateDirectory(temp);
        SafeTensors.Write(Path.Combine(temp, "network.safetensors"), network.state_dict());
        ChannelsLast.MakeOptimizerStateContiguous(optimizer);
        optimizer.save_state_dict(Path.Combine(temp, "optimizer.bin"));
        average?.Save(Path.Combine(temp, "average.safetensors"));
        File.WriteAllText(Path.Combine(temp, "state.json"), JsonSerializer.Serialize(state, ModelCheckpoint.JsonOptions));
        ReplaceDirectory(temp, directory);
    }

    private static TrainingState LoadCheckpoint(string directory, AudioResNet network, OptimizerHelper optimizer, WeightAverage? average, TrainingOptions options)
    {
        var state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(directory, "state.json")), ModelCheckpoint.JsonOptions)
            ?? throw new InvalidDataException("Empty training state.");
        if (!state.Options.SameRecipe(options))
            throw new InvalidOperationException("The checkpoint was made with different options; resume with the same options (or use a new --out).");
        var stored = SafeTensors.Read(Path.Combine(directory, "network.safetensors"));
        using (no_grad())
        using (NewDisposeScope()) // keeps each converted source alive through copy_ (SafeTensors.Encode says why)
        {
            foreach (var (name, target) in network.state_dict())
            {
                using var source = stored[name];
                target.copy_(source.to(target.dtype));
            }
        }
        ChannelsLast.MakeOptimizerStateContiguous(optimizer);
        optimizer.load_state_dict(Path.Combine(directory, "optimizer.bin"));
        average?.Load(Path.Combine(directory, "average.safetensors"));
        return state;
    }

    private static void ReplaceDirectory(string source, string destination)
    {
        if (Directory.Exists(destination)) Directory.Delete(destination, true);
        Directory.Move(source, destination);
    }

    private static void CopyDirectory(string source, string destination)
    {
        if (Directory.Exists(destination)) Directory.Delete(destination, true);
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
    }
}

using System.Text.Json;
using MelMage.Model.Checkpoints;
using MelMage.Model.Training;

namespace MelMage.Worker.Gpu.Cli;

/// <summary><c>evaluate --data DIR --model DIR [--fold K | --cv] [--out DIR]</c>: accuracy, per-class accuracy and the
/// confusion matrix as JSON and CSV. Without --fold, the fold the model was tested on in training is used.</summary>
internal static class EvaluateCommand
{
    public static int Run(CliArguments args, TextWriter output)
    {
        args.RejectUnknown([.. EngineOptionsParser.Names, "data", "fold", "cv", "out", "all"]);
        var data = args.String("data") ?? throw new CliException("evaluate needs --data DIR.");
        var model = args.String("model") ?? throw new CliException("evaluate needs --model DIR (a model directory, or a --cv training folder with --cv).");
        var engine = EngineOptionsParser.Options(args);
        try
        {
            if (args.Has("cv"))
            {
                var reports = Directory.GetDirectories(model, "fold*").Order(StringComparer.Ordinal).Select(dir =>
                {
                    var fold = int.Parse(Path.GetFileName(dir)[4..], System.Globalization.CultureInfo.InvariantCulture);
                    var report = Evaluator.Evaluate(data, Path.Combine(dir, Trainer.ModelFolder), fold, engine);
                    Evaluator.Write(report, Path.Combine(args.String("out") ?? model, $"evaluation-fold{fold}"));
                    output.WriteLine($"fold {fold}: {report.Accuracy:P1} on {report.Clips} clips");
                    return report;
                }).ToList();
                if (reports.Count == 0) throw new CliException($"No fold*/ folders in {model}: pass the --out folder of a 'train --cv' run.");
                var mean = reports.Average(r => r.Accuracy);
                var sd = reports.Count > 1 ? Math.Sqrt(reports.Sum(r => (r.Accuracy - mean) * (r.Accuracy - mean)) / (reports.Count - 1)) : 0;
                output.WriteLine($"cross-validation: {mean:P1} ± {sd:P1} over {reports.Count} folds");
                output.WriteLine(JsonSerializer.Serialize(new { mean, sd, folds = reports.Count }));
                return ExitCodes.Ok;
            }

            int? foldToUse = args.Has("fold") ? args.Int("fold", 0) : args.Has("all") ? null : Evaluator.HeldOutFold(model);
            var single = Evaluator.Evaluate(data, model, foldToUse, engine);
            var outDir = args.String("out") ?? Path.Combine(model, foldToUse is { } f ? $"evaluation-fold{f}" : "evaluation-all");
            Evaluator.Write(single, outDir);
            output.WriteLine($"{single.Model}: accuracy {single.Accuracy:P1} on {single.Clips} clips ({(foldToUse is { } k ? $"fold {k}" : "all clips")}); report in {outDir}");
            output.WriteLine(JsonSerializer.Serialize(new { accuracy = single.Accuracy, clips = single.Clips, fold = foldToUse, report = outDir }));
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ModelLoadException or InvalidDataException)
        {
            output.WriteLine(e.Message);
            return ExitCodes.Failed;
        }
    }
}

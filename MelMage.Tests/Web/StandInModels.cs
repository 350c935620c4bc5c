using System.Text.Json;
using MelMage.Model;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Web;

/// <summary>The stand-in API's installed models, in the shapes of <c>GET /api/models</c> and
/// <c>GET /api/models/{name}/evaluation</c>: esc50 (default; a report made up here, 50 classes), esc10 (the report of
/// Fixtures/models/esc10-evaluation.json) and scratch (not evaluated).</summary>
public sealed class StandInModels
{
    public const string Default = "esc50";

    public static readonly string[] Esc10Labels =
        ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick", "helicopter", "chainsaw"];

    private readonly Dictionary<string, string?> _reports = new()
    {
        ["esc50"] = JsonSerializer.Serialize(Esc50Report(), JsonSerializerOptions.Web),
        ["esc10"] = File.ReadAllText(TestPaths.Fixture("models", "esc10-evaluation.json")),
        ["scratch"] = null,
    };

    public IReadOnlyList<string> Names => ["esc50", "esc10", "scratch"];

    public string Version(string name) => name == Default ? StandInApi.ModelVersion : $"standin-{name}-1";

    public string? Evaluation(string name) => _reports.GetValueOrDefault(name);

    public IReadOnlyList<string> Labels(string name) => name == "esc10" ? Esc10Labels : Esc50Labels.All;

    /// <summary>A top-3 from the model's own classes.</summary>
    public object[] Top(string name, string fileName)
    {
        var labels = Labels(name);
        var k = Math.Abs(fileName.Sum(c => c)) % labels.Count;
        return
        [
            new { label = labels[k], confidence = 0.72f },
            new { label = labels[(k + 1) % labels.Count], confidence = 0.18f },
            new { label = labels[(k + 3) % labels.Count], confidence = 0.05f },
        ];
    }

    public object[] List() => Names.Select(name =>
    {
        var report = _reports[name] is { } json ? JsonDocument.Parse(json).RootElement : (JsonElement?)null;
        return (object)new
        {
            name,
            version = Version(name),
            isDefault = name == Default,
            labels = Labels(name),
            card = name == Default
                ? new
                {
                    data = "ESC-50, 2000 clips of 5 s, 50 classes",
                    protocol = "trained on folds 1–4, fold 5 held out",
                    evaluation = new { fold5Accuracy = 0.84, fold5Top3Accuracy = 0.95 },
                }
                : (object)new { version = Version(name) },
            cardMarkdown = $"# Model card: {name}\n",
            evaluation = report is { } r
                ? new
                {
                    protocol = r.GetProperty("protocol").GetString(),
                    mean = r.GetProperty("mean").GetDouble(),
                    sd = r.GetProperty("sd").GetDouble(),
                    balancedAccuracy = r.GetProperty("balancedAccuracy").GetDouble(),
                    folds = r.GetProperty("folds").GetArrayLength(),
                }
                : null,
            evaluationUrl = report is null ? null : $"/api/models/{name}/evaluation",
            registeredAt = DateTimeOffset.UtcNow.AddHours(-2),
            lastSeenAt = DateTimeOffset.UtcNow,
        };
    }).ToArray();

    /// <summary>The class the 50-class report could not test, as the dev set's grouped folds leave washing machine.</summary>
    public const string Untested = "washing_machine";

    /// <summary>A plausible 50-class report: 40 test clips a class, most right, the rest spread over three other classes;
    /// one class untested (no row, no bar), ESC-10's classes and the others reported apart.</summary>
    private static object Esc50Report()
    {
        var labels = Esc50Labels.All;
        var n = labels.Count;
        var confusion = new int[n][];
        for (var r = 0; r < n; r++)
        {
            confusion[r] = new int[n];
            if (labels[r] == Untested) continue;
            var right = 40 - (r * 7 % 13);
            confusion[r][r] = right;
            var wrong = 40 - right;
            for (var k = 0; wrong > 0; k++, wrong--) confusion[r][(r + 1 + k % 3 * 5) % n]++;
        }
        var perClass = labels.Select((l, i) => new { label = l, accuracy = confusion[i][i] / 40.0, clips = 40 })
            .Where(c => c.label != Untested).ToList();
        var groups = new[] { true, false }.Select(esc10 =>
        {
            var members = perClass.Where(c => Esc10Labels.Contains(c.label) == esc10).ToList();
            return new
            {
                name = esc10 ? "ESC-10 classes" : $"other {members.Count} classes",
                accuracy = members.Average(c => c.accuracy),
                balancedAccuracy = members.Average(c => c.accuracy),
                clips = members.Sum(c => c.clips),
            };
        }).ToList();
        double[] folds = [0.83, 0.86, 0.81, 0.85, 0.84];
        var mean = folds.Average();
        var sd = Math.Sqrt(folds.Sum(f => (f - mean) * (f - mean)) / (folds.Length - 1));
        return new
        {
            protocol = "ESC-50: 5-fold cross-validation on the official folds; each fold's final-epoch model",
            command = "melmage-worker train --data /data/ESC-50 --cv",
            labels,
            folds = folds.Select((a, i) => new { fold = i + 1, accuracy = a, clips = 392 }),
            mean,
            sd,
            balancedAccuracy = perClass.Average(c => c.accuracy),
            perClass,
            confusion,
            groups,
            untested = new[] { Untested },
        };
    }
}

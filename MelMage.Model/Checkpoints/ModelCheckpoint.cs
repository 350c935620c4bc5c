using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MelMage.Model.Network;
using static TorchSharp.torch;

namespace MelMage.Model.Checkpoints;

/// <summary>
/// A model directory: <c>model.safetensors</c> (weights and batch-norm statistics, named as the network's fields)
/// and <c>model.json</c> (<see cref="ModelMetadata"/>). Loading checks everything it can and reports every mismatch.
/// </summary>
public static class ModelCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string MetadataFile = "model.json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Files people read (model.json, run.json, evaluation.json), never embedded in HTML: keep ' and non-ASCII as is.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the network and its metadata; the weights hash and dtype are filled in.</summary>
    public static ModelMetadata Save(AudioResNet network, ModelMetadata metadata, string directory, bool halfPrecision = false)
    {
        if (metadata.Labels.Count != network.NumClasses)
            throw new ArgumentException($"{metadata.Labels.Count} labels for a network with {network.NumClasses} outputs.", nameof(metadata));
        Directory.CreateDirectory(directory);
        var weightsPath = Path.Combine(directory, WeightsFile);
        var state = network.state_dict();
        SafeTensors.Write(weightsPath, state, halfPrecision ? ScalarType.Float16 : ScalarType.Float32);
        var saved = metadata with
        {
            WeightsDtype = halfPrecision ? "float16" : "float32",
            WeightsSha256 = Sha256(weightsPath),
        };
        File.WriteAllText(Path.Combine(directory, MetadataFile), JsonSerializer.Serialize(saved, JsonOptions));
        return saved;
    }

    /// <summary>Reads only the metadata.</summary>
    public static ModelMetadata ReadMetadata(string directory)
    {
        var path = Path.Combine(directory, MetadataFile);
        if (!File.Exists(path)) throw new ModelLoadException($"No {MetadataFile} in {directory}: not a MelMage model directory.");
        try
        {
            return JsonSerializer.Deserialize<ModelMetadata>(File.ReadAllText(path), JsonOptions)
                ?? throw new ModelLoadException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path} is not valid model metadata: {e.Message}");
        }
    }

    /// <summary>Loads a model directory into a new network (eval mode, CPU).</summary>
    /// <exception cref="ModelLoadException">The directory is missing, incomplete or incompatible; the message lists
    /// every problem found.</exception>
    public static (AudioResNet Network, ModelMetadata Metadata) Load(string directory)
    {
        var metadata = ReadMetadata(directory);
        var problems = CheckMetadata(metadata);
        var weightsPath = Path.Combine(directory, WeightsFile);
        if (!File.Exists(weightsPath)) problems.Add($"{WeightsFile} is missing.");
        else if (metadata.WeightsSha256 is { } expected && !string.Equals(expected, Sha256(weightsPath), StringComparison.OrdinalIgnoreCase))
            problems.Add($"{WeightsFile} does not match the SHA-256 recorded in {MetadataFile} (file changed or corrupted).");
        if (problems.Count > 0) throw Incompatible(directory, problems);

        Dictionary<string, Tensor> stored;
        try
        {
            stored = SafeTensors.Read(weightsPath);
        }
        catch (InvalidDataException e)
        {
            throw Incompatible(directory, [e.Message]);
        }

        var network = new AudioResNet(metadata.Labels.Count, metadata.Architecture.Dropout);
        try
        {
            problems.AddRange(CopyState(network, stored));
            if (problems.Count > 0)
            {
                network.Dispose();
                throw Incompatible(directory, problems);
            }
            network.eval();
            return (network, metadata);
        }
        finally
        {
            foreach (var t in stored.Values) t.Dispose();
        }
    }

    private static List<string> CheckMetadata(ModelMetadata metadata)
    {
        var problems = new List<string>();
        if (metadata.Format != ModelMetadata.CurrentFormat)
            problems.Add($"format is '{metadata.Format}', this version reads '{ModelMetadata.CurrentFormat}'.");
        if (!metadata.Architecture.IsSupported)
            problems.Add($"architecture {metadata.Architecture.Name} [{string.Join(",", metadata.Architecture.Blocks)}] / [{string.Join(",", metadata.Architecture.Channels)}] is not the 3-4-6-3 AudioResNet.");
        if (metadata.Labels.Count < 2) problems.Add($"{metadata.Labels.Count} labels; a classifier needs at least 2.");
        if (metadata.Labels.Distinct(StringComparer.Ordinal).Count() != metadata.Labels.Count) problems.Add("labels are not unique.");
        var f = metadata.FrontEnd;
        if (f.SampleRate <= 0 || f.NFft <= 0 || f.HopLength <= 0 || f.NMels <= 0)
            problems.Add("front end has a non-positive sample rate, n_fft, hop or n_mels.");
        if (f.FMax is { } fMax && (fMax <= f.FMin || fMax > f.SampleRate / 2.0))
            problems.Add($"front end f_max {fMax} must lie in (f_min, sample_rate/2].");
        if (metadata.Window.Seconds <= 0 || metadata.Window.HopSeconds <= 0)
            problems.Add("analysis window and hop must be positive.");
        if (metadata.TestTimeShifts is < 1 or > 64) problems.Add($"testTimeShifts is {metadata.TestTimeShifts}; it must lie in 1..64 (1: off).");
        return problems;
    }

    private static IEnumerable<string> CopyState(AudioResNet network, Dictionary<string, Tensor> stored)
    {
        var problems = new List<string>();
        var expected = network.state_dict();
        foreach (var (name, target) in expected)
        {
            if (!stored.TryGetValue(name, out var source))
            {
                problems.Add($"missing tensor '{name}' [{string.Join(", ", target.shape)}].");
                continue;
            }
            if (!source.shape.SequenceEqual(target.shape))
            {
                problems.Add($"tensor '{name}' has shape [{string.Join(", ", source.shape)}], the network needs [{string.Join(", ", target.shape)}].");
                continue;
            }
            using (no_grad())
            {
                target.copy_(source.to(target.dtype));
            }
        }
        problems.AddRange(stored.Keys.Except(expected.Keys).Select(name => $"unexpected tensor '{name}'."));
        return problems;
    }

    private static ModelLoadException Incompatible(string directory, IEnumerable<string> problems) =>
        new($"The model in {directory} cannot be used:{Environment.NewLine} - " + string.Join(Environment.NewLine + " - ", problems));

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

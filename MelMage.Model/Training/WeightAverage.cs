using MelMage.Model.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MelMage.Model.Training;

/// <summary>
/// An exponential moving average of a network's state (weights and batch-norm statistics), updated after every
/// optimiser step with decay min(d, (1 + step) / (10 + step)) so that early, random weights fade quickly. Evaluating
/// and shipping the average instead of the last step's weights smooths the noise of small-batch training.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly Dictionary<string, Tensor> shadow = new(StringComparer.Ordinal);
    private readonly double decay;

    public WeightAverage(Module network, double decay)
    {
        this.decay = decay;
        using var _ = no_grad();
        using var scope = NewDisposeScope(); // keeps detach()'s temporaries alive through clone() (SafeTensors.Encode says why)
        foreach (var (name, tensor) in network.state_dict()) shadow[name] = tensor.detach().clone().DetachFromDisposeScope();
    }

    public void Update(Module network, int step)
    {
        var d = Math.Min(decay, (1.0 + step) / (10.0 + step));
        using var _ = no_grad();
        // Scalars held until the native calls return (Training/AdamW.cs says why an implicit one is not).
        using var keep = d.ToScalar();
        using var take = (1 - d).ToScalar();
        foreach (var (name, tensor) in network.state_dict())
        {
            var average = shadow[name];
            if (tensor.is_floating_point()) average.mul_(keep).add_(tensor, alpha: take);
            else average.copy_(tensor);
        }
    }

    /// <summary>Puts the average into the network until the returned scope is disposed, which restores the raw weights.</summary>
    public IDisposable Apply(Module network)
    {
        var backup = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var (name, tensor) in network.state_dict())
            {
                backup[name] = tensor.detach().clone().DetachFromDisposeScope();
                tensor.copy_(shadow[name]);
            }
        }
        return new Restore(network, backup);
    }

    public void Save(string path) => SafeTensors.Write(path, shadow);

    public void Load(string path)
    {
        var stored = SafeTensors.Read(path);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, average) in shadow)
        {
            using var source = stored[name];
            average.copy_(source.to(average.dtype));
        }
    }

    public void Dispose()
    {
        foreach (var tensor in shadow.Values) tensor.Dispose();
        shadow.Clear();
    }

    private sealed class Restore(Module network, Dictionary<string, Tensor> backup) : IDisposable
    {
        public void Dispose()
        {
            using (no_grad())
            {
                foreach (var (name, tensor) in network.state_dict()) tensor.copy_(backup[name]);
            }
            foreach (var tensor in backup.Values) tensor.Dispose();
        }
    }
}

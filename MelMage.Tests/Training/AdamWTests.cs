using MelMage.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MelMage.Tests.Training;

public sealed class AdamWTests
{
    [Fact]
    public void Step_UnderTheOneCycleSchedule_MovesWeightsExactlyAsTorchSharpsAdamWDoes()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var ours = nn.Sequential(nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 3));
        var theirs = nn.Sequential(nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 3));
        using (no_grad())
        {
            foreach (var ((_, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters())) b.copy_(a);
        }
        var initial = ours.parameters().Select(p => p.detach().clone()).ToList();
        using var kept = new MelMage.Model.Training.AdamW(ours.parameters(), 5e-4, 0.01);
        using var library = optim.AdamW(theirs.parameters(), 5e-4, weight_decay: 0.01);
        var schedule = new OneCycleSchedule(2e-3, 12, 0.1);
        for (var step = 0; step < 12; step++)
        {
            var inputs = randn(16, 12);
            var targets = randint(0, 3, [16]);
            var (lr, momentum) = schedule.At(step);
            foreach (var optimizer in new TorchSharp.Modules.AdamW[] { kept, library })
            {
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                optimizer.Betas = (momentum, 0.999);
            }
            foreach (var (network, optimizer) in new (nn.Module<Tensor, Tensor>, TorchSharp.Modules.AdamW)[] { (ours, kept), (theirs, library) })
            {
                optimizer.zero_grad();
                nn.functional.cross_entropy(network.call(inputs), targets).backward();
                optimizer.step();
            }
        }
        foreach (var ((name, a), (_, b)) in ours.named_parameters().Zip(theirs.named_parameters()))
            Assert.True(a.allclose(b, rtol: 0, atol: 1e-7), $"{name} differs from the library's AdamW");
        Assert.Contains(ours.parameters().Zip(initial), pair => !pair.First.allclose(pair.Second, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Checkpoint_OfTheLibrarysAdamW_LoadsIntoOursAndContinuesAlike()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var network = nn.Linear(6, 2);
        var path = Path.Combine(Path.GetTempPath(), $"adamw-{Guid.NewGuid():N}.bin");
        try
        {
            using (var library = optim.AdamW(network.parameters(), 1e-2, weight_decay: 0.01))
            {
                for (var i = 0; i < 3; i++)
                {
                    library.zero_grad();
                    network.call(randn(4, 6)).square().sum().backward();
                    library.step();
                }
                library.save_state_dict(path);
            }
            using var ours = new MelMage.Model.Training.AdamW(network.parameters(), 1e-2, 0.01);
            ours.load_state_dict(path);
            var state = (TorchSharp.Modules.AdamW.State)ours.state_dict().State[0];
            Assert.Equal(3, state.step);
            Assert.True(state.exp_avg.abs().sum().item<float>() > 0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using MelMage.Model.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MelMage.Model.Training;

/// <summary>
/// TorchSharp's AdamW with its update spelled out so that every <see cref="Scalar"/> it passes to native code is held
/// until that call returns. TorchSharp 0.107's own step turns doubles into Scalars implicitly (eight per parameter per
/// step); a Scalar is freed only by its finalizer, and once its handle has gone to native code nothing keeps it
/// reachable, so a garbage collection started by another thread can free it mid-call. Training died of exactly that
/// twice in one 80-epoch fold ("Expected false to be true" from c10's Scalar::toFloat inside addcdiv_, then toDouble
/// inside mul). Same arithmetic in the same order, same state objects, so checkpoints and <c>--resume</c> are unchanged
/// (<c>AdamWTests</c> compares it with the library's step). It keeps the library's class name on purpose: TorchSharp
/// writes the optimizer's type name into <c>optimizer.bin</c> and refuses a file whose name differs, so checkpoints
/// written before this class existed still resume, and the other way round.
/// </summary>
public sealed class AdamW(IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    : TorchSharp.Modules.AdamW(parameters, learningRate, weight_decay: weightDecay)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        var (beta1, beta2, lr) = (options.beta1!.Value, options.beta2!.Value, options.LearningRate!.Value);
        if (options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("MelMage's AdamW implements plain AdamW (no amsgrad, no maximize).");
        using var decay = (1 - lr * options.weight_decay!.Value).ToScalar();
        using var keep1 = beta1.ToScalar();
        using var take1 = (1 - beta1).ToScalar();
        using var keep2 = beta2.ToScalar();
        using var take2 = (1 - beta2).ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            param.mul_(decay);
            var correction1 = 1 - Math.Pow(beta1, state.step);
            var correction2 = 1 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
            state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad, value: take2);
            using var root2 = Math.Sqrt(correction2).ToScalar();
            using var stepSize = (-lr / correction1).ToScalar();
            using var denominator = state.exp_avg_sq.sqrt().div_(root2).add_(eps, HeldScalars.One);
            param.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }, closure);
}

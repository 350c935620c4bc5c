using TorchSharp;

namespace MelMage.Tests.Model;

public sealed class TorchSharpLoadTests
{
    [Fact]
    public void Torch_InitialisesInTestHost_AndComputes()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var b = a.matmul(a.t());
        Assert.Equal(50f, b[1, 1].item<float>());
        Assert.False(string.IsNullOrEmpty(torch.__version__));
    }
}

using MelMage.Worker.Gpu.Analysis;

namespace MelMage.Tests.Pipeline;

public sealed class ModelThreadTests
{
    [Fact]
    public async Task CallsFromManyThreads_AllRunOnTheOneModelThread_OneAtATime()
    {
        using var model = new ModelThread();
        var running = 0;
        var overlapped = false;
        var threads = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => model.Invoke(() =>
        {
            if (Interlocked.Increment(ref running) > 1) overlapped = true;
            Thread.Sleep(2);
            Interlocked.Decrement(ref running);
            return Environment.CurrentManagedThreadId;
        }))));
        Assert.Single(threads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads[0]);
        Assert.False(overlapped);
    }

    [Fact]
    public void AnExceptionReachesTheCaller_AndTheThreadKeepsWorking()
    {
        using var model = new ModelThread();
        var error = Assert.Throws<InvalidOperationException>(() => model.Invoke<int>(() => throw new InvalidOperationException("bad batch")));
        Assert.Equal("bad batch", error.Message);
        Assert.Equal(42, model.Invoke(() => 42));
    }

    [Fact]
    public void ACallFromTheModelThreadItself_RunsInline()
    {
        using var model = new ModelThread();
        Assert.Equal(7, model.Invoke(() => model.Invoke(() => 7)));
    }
}

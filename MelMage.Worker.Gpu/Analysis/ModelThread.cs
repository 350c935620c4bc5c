using System.Collections.Concurrent;

namespace MelMage.Worker.Gpu.Analysis;

/// <summary>
/// One long-lived thread that does all of the model's work. libtorch's CPU kernels keep an OpenMP thread team per
/// calling thread: calls from whichever thread-pool thread happens to run a consumer would start new teams, leave old
/// ones spinning and lose warm caches. Every forward goes through this thread instead, so there is one team, always
/// warm; callers wait for their result.
/// </summary>
public sealed class ModelThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public ModelThread(string name = "MelMage model")
    {
        Name = name;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The thread's name (as the operating system sees it, so at most 15 characters on Linux).</summary>
    public string Name { get; }

    /// <summary>Runs <paramref name="work"/> on the model thread and returns its result (or rethrows its exception)
    /// to the caller. Calls from the model thread itself run inline.</summary>
    public T Invoke<T>(Func<T> work)
    {
        if (Thread.CurrentThread == _thread) return work();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    private void Run()
    {
        foreach (var item in _work.GetConsumingEnumerable()) item();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Thread.CurrentThread != _thread) _thread.Join(TimeSpan.FromSeconds(30));
        _work.Dispose();
    }
}

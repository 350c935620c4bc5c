namespace MelMage.Tests.AppHost;

/// <summary>The whole system started once by the AppHost, as a user starts it (fresh state folder, every resource
/// healthy), for the browser tests that need it running: the page end to end and the dashboard's views.</summary>
public sealed class RunningSystem : IAsyncLifetime
{
    public AppHostProcess Host { get; private set; } = null!;

    public Uri WebAddress => new(Host.Addresses.Web);

    private string? _state;

    public async Task InitializeAsync()
    {
        _state = AppHostProcess.NewStateDirectory();
        Host = await AppHostProcess.StartAsync(_state);
        await Host.WaitUntilAllHealthyAsync(TimeSpan.FromMinutes(4));
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            var leftovers = Host.Leftovers();
            if (leftovers.Count > 0) throw new InvalidOperationException("Processes outlived the AppHost: " + string.Join("; ", leftovers));
        }
        if (_state is not null)
        {
            try
            {
                Directory.Delete(_state, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Tests sharing one running system; run one at a time, after the parallel tests, like the AppHost's own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunningSystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "Running system";
}

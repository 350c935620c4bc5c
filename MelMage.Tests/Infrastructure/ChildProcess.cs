using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MelMage.Tests.Infrastructure;

/// <summary>A program the tests start as a child process (the API or a worker outside the AppHost): output captured for diagnostics, the whole tree killed on stop.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly Action<string>? _onOutput;

    private ChildProcess(Process process, Action<string>? onOutput)
    {
        _process = process;
        _onOutput = onOutput;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited; null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything retained of the process's output (the last 32–64 KB).</summary>
    public string Output
    {
        get
        {
            lock (_gate) return _output.ToString();
        }
    }

    /// <summary>The last few kilobytes the process wrote, for error messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_gate)
            {
                var text = _output.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null,
        Action<string>? onOutput = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ChildProcess(process, onOutput);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {fileName}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a short command to completion and fails with its output when it exits non-zero.</summary>
    public static async Task<string> RunToCompletionAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var command = Start(fileName, arguments, environment);
        await command._process.WaitForExitAsync(cancellationToken);
        command._process.WaitForExit(); // flushes the asynchronous output readers
        if (command._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', command._process.StartInfo.ArgumentList)} exited with " +
                $"{command._process.ExitCode}:\n{command.RecentOutput}");
        }
        return command.RecentOutput;
    }

    /// <summary>Asks the process to stop (SIGTERM/SIGINT) and waits; kills the whole tree when it does not.</summary>
    public async Task StopAsync(TimeSpan grace, string signal = "TERM")
    {
        if (_process.HasExited) return;
        try
        {
            using var kill = Start("/bin/kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill._process.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Kill();
    }

    /// <summary>Kills the process and every descendant at once.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns true, failing with the server's output on timeout
    /// or when the process exits.</summary>
    public async Task WaitUntilAsync(string name, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException(
                    $"{name} exited with code {_process.ExitCode} before it was ready:\n{RecentOutput}");
            }
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                if (await probe(attempt.Token)) return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException
                                           or InvalidOperationException or TimeoutException
                                           or Npgsql.NpgsqlException or HttpRequestException)
            {
                if (cancellationToken.IsCancellationRequested) throw;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{name} was not ready after {timeout.TotalSeconds:0} s:\n{RecentOutput}");
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        _onOutput?.Invoke(line);
        lock (_gate)
        {
            _output.AppendLine(line);
            if (_output.Length > 64_000) _output.Remove(0, _output.Length - 32_000);
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace MelMage.Tests.Web;

/// <summary>MelMage.Web started as its own process on a free 127.0.0.1 port, as the AppHost starts it: the API's
/// address comes in <c>services__api__http__0</c>.</summary>
public sealed class WebHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WebHostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static ProcessStartInfo StartInfo(Uri? apiAddress, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root is the project folder, so the page is served from the wwwroot/app the build wrote.
            WorkingDirectory = WebTestPaths.WebProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebTestPaths.WebAssembly);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(WebTestPaths.WebProjectDirectory);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("services__api__http__0");
        start.Environment.Remove("services__api__https__0");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (apiAddress is not null) start.Environment["services__api__http__0"] = apiAddress.ToString();
        return start;
    }

    public static async Task<WebHostProcess> StartAsync(Uri apiAddress)
    {
        var port = WebTestPaths.FreePort();
        var process = new Process { StartInfo = StartInfo(apiAddress, port) };
        var host = new WebHostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilAliveAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilAliveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MelMage.Web exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/alive"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow first start on a busy machine.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"MelMage.Web did not answer /alive within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

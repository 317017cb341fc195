using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// Runs the built server as a real process (<c>dotnet TelesignVoice.dll</c>), as a user or a container
/// would, with configuration from environment variables: to its exit (<see cref="RunToExitAsync"/>), or
/// as a server on a free loopback port that a test can kill with SIGKILL (<see cref="StartServer"/>).
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static string AppDll => typeof(Program).Assembly.Location;

    public int Port { get; }

    public HttpClient Client { get; }

    /// <summary>What the process wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs the app until it exits by itself; fails if it is still running after the timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
        };
        start.ArgumentList.Add(AppDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app did not exit within {timeout}.");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>Starts the server with the test account and the given storage settings.</summary>
    public static AppProcess StartServer(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["Telesign__CustomerId"] = TestAccount.CustomerId,
            ["Telesign__ApiKey"] = TestAccount.ApiKey,
            ["Telesign__CallerIdNumber"] = "15554441313",
        };
        return Start(environment, port, "--urls", $"http://127.0.0.1:{port}");
    }

    private static AppProcess Start(IReadOnlyDictionary<string, string> environment, int port, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var dll = AppDll;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, line) => app.Append(line.Data);
        process.ErrorDataReceived += (_, line) => app.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>
    /// Waits, a bounded number of times, until /health/live answers 200: the server listens only after
    /// the store's migrations have run, so from then on it serves webhooks.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server never became ready:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process could still save.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<string> PostEventAsync(string body)
    {
        using var request = TelesignSigner.SignedEvent(body);
        using var response = await Client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {answer}\n{Output}");
        return answer;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Serilog.Core;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.OperatorConsole;

/// <summary>
/// One server (real Kestrel on 127.0.0.1, the simulator on) and one headless Chromium for all the
/// console's browser tests. Chromium is Debian's (<c>/usr/bin/chromium</c>, installed by .ci/run);
/// Playwright never downloads a browser. Without Chromium these tests fail, they are not skipped.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumVariable = "TELESIGNVOICE_CHROMIUM";
    public const string ScreenshotsVariable = "TELESIGNVOICE_CONSOLE_SCREENSHOTS";

    private readonly List<string> _browserErrors = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConsoleHost Host { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public static string ChromiumPath => Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}: run `apt-get install -y chromium` (as .ci/run does) or set {ChromiumVariable}.");
        }

        Host.StartServer();
        var addresses = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        // The machine may be busy (Mermaid alone is 5 MB of script to parse): waits are generous, never sleeps.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A fresh browser context (no cookies) whose pages open the console's server.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_browserErrors)
                {
                    _browserErrors.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_browserErrors)
            {
                _browserErrors.Add($"{page.Url}: {error}");
            }
        };
        return page;
    }

    /// <summary>Script errors and warnings any page reported (a refused post's 400 is logged by Chromium too).</summary>
    public IReadOnlyList<string> BrowserErrors
    {
        get
        {
            lock (_browserErrors)
            {
                return [.. _browserErrors];
            }
        }
    }

    /// <summary>Signs in through the form, as an operator would.</summary>
    public async Task<IPage> SignedInPageAsync(int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("Operator key").FillAsync(TestAccount.OperatorKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/console/calls");
        return page;
    }

    /// <summary>
    /// Saves a screenshot for docs/console.md: into docs/console/ when TELESIGNVOICE_CONSOLE_SCREENSHOTS=1,
    /// else beside the test binaries (so a test run leaves the work tree as it was).
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable) == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "console")
            : Path.Combine(AppContext.BaseDirectory, "console-screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "docs")) && Directory.Exists(Path.Combine(folder.FullName, "src", "TelesignVoice")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with docs/ and src/TelesignVoice/) was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// The simulator host with two notification endpoints, so call pages have notifications to show: the
/// simulator's own receiver on this server (delivered), and an address where nothing listens (failing).
/// </summary>
public sealed class ConsoleHost : SimulatorHost
{
    public const string ReceiverSecret = "whsec_Y29uc29sZSB0ZXN0cyBvbmx5LCBub3QgYSBzZWNyZXQ=";

    public ConsoleHost()
    {
        var port = FreePort();
        UseKestrel(port);
        WithSettings(new Dictionary<string, string?>
        {
            ["Notifications:Endpoints:simulator:Url"] = $"http://127.0.0.1:{port}/simulator/receiver",
            ["Notifications:Endpoints:simulator:Secret"] = ReceiverSecret,
            ["Notifications:Endpoints:archive:Url"] = $"http://127.0.0.1:{FreePort()}/archive",
            ["Notifications:Endpoints:archive:Secret"] = ReceiverSecret,
            ["Notifications:AllowLoopbackHttp"] = "true",
            ["Notifications:PollIntervalMilliseconds"] = "100",
        });
        WithServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }

    /// <summary>Every log event the server wrote, for the audit lines of what the console did.</summary>
    public CapturingLogSink Logs { get; } = new();

    /// <summary>The audit lines (event 1802) of <paramref name="action"/>: operator, target and status.</summary>
    public IReadOnlyList<string> AuditLines(string action) =>
        [.. Logs.Events
            .Where(e => e.Properties.TryGetValue("Action", out var value) && value.ToString() == $"\"{action}\"")
            .Select(e => e.RenderMessage())];
}

[CollectionDefinition(Name)]
public sealed class ConsoleBrowserCollection : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "console browser";
}

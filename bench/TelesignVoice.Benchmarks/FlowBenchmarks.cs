using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Notifications;
using TelesignVoice.Observability;
using TelesignVoice.Privacy;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Benchmarks;

/// <summary>
/// One step of the sample phone tree (flows/support-menu.json) through WebhookProcessor with the server's
/// own registrations: the caller pressed 2 at the menu and is transferred to support. The store keeps
/// nothing, so this is the processor, lifecycle and flow engine alone.
/// </summary>
[MemoryDiagnoser]
public class FlowBenchmarks
{
    private static readonly byte[] PressedTwo = System.Text.Encoding.UTF8.GetBytes(
        """{"event":"speak_completed","reference_id":"B3F1C0DE5A6B4C7D8E9F00112233AABB","data":{"status":"speak_successful","collected_digits":"2"}}""");

    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private WebhookProcessor _startProcessor = null!;
    private WebhookProcessor _menuProcessor = null!;
    private TelesignEvent _incomingCall = null!;
    private TelesignEvent _pressedTwo = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Flows:Inbound:15558675309"] = "support-menu",
            ["Telesign:CallerIdNumber"] = "15554441313",
            ["Telesign:CustomerId"] = Events.CustomerId,
            ["Telesign:ApiKey"] = Events.ApiKey,
            ["DataProtection:KeysPath"] = Path.Combine(Path.GetTempPath(), "telesignvoice-bench-keys"),
        }).Build();
        var environment = new BenchEnvironment(AppContext.BaseDirectory);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(environment);
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TelesignVoiceMetrics>();
        services.AddTelesign();
        services.AddWebhooks();
        services.AddFlows();
        services.AddSingleton<IFlowVersionStore>(new InMemoryFlowVersionStore());
        services.AddSingleton<ICallStore>(new ForgetfulCallStore());
        services.AddSensitiveValues(configuration, environment);
        services.AddNotifications();
        _services = services.BuildServiceProvider();
        _scope = _services.CreateScope();
        var atMenu = new CallRecord
        {
            ReferenceId = "B3F1C0DE5A6B4C7D8E9F00112233AABB",
            Direction = TelesignDirections.Inbound,
            To = "15558675309",
            From = "15555551212",
            Flow = "support-menu",
            Step = "menu",
            Attempts = 1,
            Status = CallStatuses.InProgress,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            Version = 2,
        };
        var provider = _scope.ServiceProvider;
        // Built as the server builds it, with only the store replaced.
        _startProcessor = ActivatorUtilities.CreateInstance<WebhookProcessor>(provider, new ForgetfulCallStore());
        _menuProcessor = ActivatorUtilities.CreateInstance<WebhookProcessor>(provider, new ForgetfulCallStore(atMenu));
        _incomingCall = JsonSerializer.Deserialize(Events.IncomingCall, TelesignVoiceJsonContext.Default.TelesignEvent)!;
        _pressedTwo = JsonSerializer.Deserialize(PressedTwo, TelesignVoiceJsonContext.Default.TelesignEvent)!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    [Benchmark(Description = "flow step: incoming_call -> menu prompt")]
    public Task<WebhookAnswer> StartMenu() => _startProcessor.ProcessAsync(_incomingCall, Events.IncomingCall, CancellationToken.None);

    [Benchmark(Description = "flow step: pressed 2 -> transfer")]
    public Task<WebhookAnswer> PressTwo() => _menuProcessor.ProcessAsync(_pressedTwo, PressedTwo, CancellationToken.None);

    private sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "TelesignVoice";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

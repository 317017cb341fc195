using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Benchmarks;

/// <summary>
/// One event through <see cref="WebhookProcessor"/> with the handlers the server registers: hash, lifecycle,
/// handler (the flow step, once flows answer), action serialisation and the commit call, minus HTTP and store.
/// </summary>
[MemoryDiagnoser]
public class ProcessorBenchmarks
{
    private ServiceProvider _services = null!;
    private WebhookProcessor _processor = null!;
    private TelesignEvent _incomingCall = null!;
    private TelesignEvent _playCompleted = null!;
    private TelesignEvent _callCompleted = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddWebhooks();
        _services = services.BuildServiceProvider();
        _processor = new WebhookProcessor(new ForgetfulCallStore(), _services, TimeProvider.System, NullLogger<WebhookProcessor>.Instance);
        _incomingCall = Parse(Events.IncomingCall);
        _playCompleted = Parse(Events.PlayCompleted);
        _callCompleted = Parse(Events.CallCompleted);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "process incoming_call")]
    public Task<WebhookAnswer> IncomingCall() => _processor.ProcessAsync(_incomingCall, Events.IncomingCall, CancellationToken.None);

    [Benchmark(Description = "process play_completed (digits)")]
    public Task<WebhookAnswer> PlayCompleted() => _processor.ProcessAsync(_playCompleted, Events.PlayCompleted, CancellationToken.None);

    [Benchmark(Description = "process call_completed")]
    public Task<WebhookAnswer> CallCompleted() => _processor.ProcessAsync(_callCompleted, Events.CallCompleted, CancellationToken.None);

    private static TelesignEvent Parse(byte[] body) =>
        JsonSerializer.Deserialize(body, TelesignVoiceJsonContext.Default.TelesignEvent)!;
}

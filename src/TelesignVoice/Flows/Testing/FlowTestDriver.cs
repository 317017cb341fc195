using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting.Internal;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;
using TelesignVoice.Observability;
using TelesignVoice.Privacy;
using TelesignVoice.Simulator;
using TelesignVoice.Storage;
using TelesignVoice.Telesign;
using TelesignVoice.Webhooks;

namespace TelesignVoice.Flows.Testing;

/// <summary>What one test call did: what the caller heard, the actions answered, where it ended, what it notified.</summary>
public sealed record FlowTestRun(
    IReadOnlyList<string> Heard,
    IReadOnlyList<string> Actions,
    string? FinalStep,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<string> Notes)
{
    /// <summary>The flow.result notifications the call's notify steps wrote to the outbox, in order.</summary>
    public IReadOnlyList<SentNotification> Notifications { get; init; } = [];
}

/// <param name="Data">The <c>data</c> of the notification's body, as a receiver would get it.</param>
public sealed record SentNotification(string Type, JsonElement Data);

/// <summary>
/// Plays Telesign for test calls, in process, with no server and no network: each event goes through the
/// same webhook processor, flow engine and (in-memory) call store as a real call's, and the next event
/// follows from the action answered, as the simulator's call driver does. Notifications are written to the
/// outbox for one endpoint that is never called; code steps are the server's own (<paramref name="flowCode"/>).
/// </summary>
public sealed class FlowTestDriver : IAsyncDisposable
{
    private const int MaxEvents = 200;
    private const string Caller = "15557770000";
    private const string OurNumber = "15550000000";

    /// <summary>An endpoint for the outbox only: no dispatcher runs here, so nothing is ever sent to it.</summary>
    private const string NotificationEndpoint = "flow-test";

    private readonly ServiceProvider _services;
    private readonly CodeStepFailures _codeStepFailures = new();

    /// <param name="folder">The flows folder, already checked (every flow valid).</param>
    /// <param name="flowCode">Registers the code steps and code flows, as the server does (<see cref="TelesignVoiceApplication.AddFlowCode"/>).</param>
    public FlowTestDriver(string folder, IEnumerable<string> flowIds, Action<IServiceCollection>? flowCode = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Flows:Path"] = folder,
            ["Flows:Watch"] = "false",
            ["Telesign:Webhook:DuplicateWindowSeconds"] = "0",
            [$"Notifications:Endpoints:{NotificationEndpoint}:Url"] = "https://flow-test.invalid/notifications",
            [$"Notifications:Endpoints:{NotificationEndpoint}:Events"] = NotificationEventTypes.FlowResult,
            // Signs nothing (nothing is sent), but an endpoint without a secret is refused.
            [$"Notifications:Endpoints:{NotificationEndpoint}:Secret"] = WebhookSigner.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var ids = flowIds.ToList();
        settings["Flows:DefaultFlow"] = ids.FirstOrDefault() ?? "default";
        for (var i = 0; i < ids.Count; i++)
        {
            settings[$"Flows:Inbound:{InboundNumber(i)}"] = ids[i];
        }

        _flowIds = ids;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_codeStepFailures))
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = folder, EnvironmentName = Environments.Production })
            .AddSingleton(TimeProvider.System)
            .AddMetrics()
            .AddSingleton<TelesignVoiceMetrics>()
            .AddSingleton<ICallStore, InMemoryCallStore>()
            .AddSingleton<IFlowVersionStore, InMemoryFlowVersionStore>();
        services.AddOptions<TelesignOptions>().BindConfiguration(TelesignOptions.SectionName);
        services.AddWebhooks();
        services.AddFlows();
        // What the webhook processor needs beside the flows: notifications are collected, never sent (no
        // host runs the dispatcher), and secrets are protected with keys that live only in this run.
        services.AddNotifications();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<SensitiveValues>();
        services.AddSingleton(KeyedHashes.Ephemeral());
        flowCode?.Invoke(services);
        _services = services.BuildServiceProvider();
    }

    private readonly List<string> _flowIds;

    public async Task<FlowTestRun> RunAsync(string flowId, FlowTestCase test, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(test);
        var store = _services.GetRequiredService<ICallStore>();
        var referenceId = Guid.NewGuid().ToString("N");
        var run = new Recorder();
        _codeStepFailures.Clear();
        var caller = new Queue<string>(test.Caller);
        var transfers = new Queue<string>(test.Transfers);
        byte[] body;
        if (test.Direction == FlowTestCase.Outbound)
        {
            var now = TimeProvider.System.GetUtcNow();
            await store.InsertCallAsync(
                new CallRecord
                {
                    ReferenceId = referenceId,
                    Direction = TelesignDirections.Outbound,
                    To = Caller,
                    From = OurNumber,
                    Flow = flowId,
                    Variables = test.Variables,
                    Status = CallStatuses.Dialing,
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                cancellationToken);
            body = SimulatedEvents.DialCompleted(referenceId, null, OurNumber, Caller, test.Dial);
        }
        else
        {
            body = SimulatedEvents.IncomingCall(referenceId, Caller, InboundNumber(_flowIds.IndexOf(flowId)));
        }

        for (var sent = 0; sent < MaxEvents; sent++)
        {
            var action = await TrySendAsync(body, run, cancellationToken);
            if (action is null)
            {
                return await EndAsync(run, referenceId, cancellationToken);
            }

            if ((await store.FindCallAsync(referenceId, cancellationToken))?.Step is { } step)
            {
                run.FinalStep = step;
            }

            run.Answered(action);
            var next = action.Method switch
            {
                TelesignMethods.Speak or TelesignMethods.Play or TelesignMethods.PlayMultiple => Prompted(referenceId, action, caller),
                TelesignMethods.Dial => Transferred(referenceId, action, transfers.TryDequeue(out var outcome) ? outcome : "completed"),
                _ => null,
            };
            if (next is null || test.Direction == FlowTestCase.Outbound && test.Dial != TelesignStatuses.Answered)
            {
                await SendAsync(SimulatedEvents.CallCompleted(referenceId, null, new EndOfCallRecord(0, DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, "hangup", Caller, OurNumber, test.Direction)), cancellationToken);
                var ended = await store.FindCallAsync(referenceId, cancellationToken);
                if (caller.Count > 0)
                {
                    run.Notes.Add($"the call ended with the caller's script unused: {string.Join(", ", caller.Select(c => $"\"{c}\""))}");
                }

                if (transfers.Count > 0)
                {
                    run.Notes.Add($"the call ended with transfers unused: {string.Join(", ", transfers)}");
                }

                return await EndAsync(run, referenceId, cancellationToken, Revealed(ended?.Variables ?? FlowTargets.NoRoutes));
            }

            body = next;
        }

        run.Notes.Add($"the call did not end within {MaxEvents} events (a loop?)");
        return await EndAsync(run, referenceId, cancellationToken);
    }

    private async Task<FlowTestRun> EndAsync(Recorder run, string referenceId, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? variables = null)
    {
        // A code step that threw or answered a result its step does not list sent the call to on_error:
        // that is the code failing, never a pass.
        run.Notes.AddRange(_codeStepFailures.Take(_services.GetRequiredService<FlowCatalog>()));
        var outbox = await _services.GetRequiredService<INotificationStore>().ListNotificationsAsync(
            new NotificationQuery(null, MaxEvents, null) { OrderingKey = referenceId }, cancellationToken);
        var notifications = outbox.Notifications
            .Where(n => n.Message.EventType == NotificationEventTypes.FlowResult)
            .Reverse()
            .Select(n =>
            {
                using var payload = JsonDocument.Parse(n.Message.Payload);
                return new SentNotification(n.Message.EventType, payload.RootElement.GetProperty("data").Clone());
            })
            .ToList();
        return new FlowTestRun(run.Heard, run.Actions, run.FinalStep, variables ?? FlowTargets.NoRoutes, run.Notes) { Notifications = notifications };
    }

    /// <summary>The answer to one event; null, with a note, when the server failed on it (a code step it cannot build, say).</summary>
    private async Task<TelesignAction?> TrySendAsync(byte[] body, Recorder run, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(body, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            run.Notes.Add($"the server could not answer an event ({exception.GetType().Name}: {exception.Message})");
            return null;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>A sensitive variable is kept encrypted; a test states the value the caller entered, so compare that.</summary>
    private Dictionary<string, string> Revealed(IReadOnlyDictionary<string, string> variables)
    {
        var sensitive = _services.GetRequiredService<SensitiveValues>();
        return variables.ToDictionary(
            pair => pair.Key,
            pair => SensitiveValues.IsProtected(pair.Value) ? sensitive.Reveal(pair.Value) ?? pair.Value : pair.Value,
            StringComparer.Ordinal);
    }

    private static string InboundNumber(int index) => $"1555010{index:D4}";

    private async Task<TelesignAction> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        var evt = JsonSerializer.Deserialize(body, TelesignVoiceJsonContext.Default.TelesignEvent)!;
        await using var scope = _services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<WebhookProcessor>().ProcessAsync(evt, body, cancellationToken);
        // This driver is Telesign here and reads every answer, so each one was given: the caller's next
        // identical event (a second silence) is a new event, not a re-delivery (docs/webhook-redelivery.md).
        await scope.ServiceProvider.GetRequiredService<ICallStore>().MarkAnswerGivenAsync(evt.ReferenceId!, answer.CallVersion, cancellationToken);
        return JsonSerializer.Deserialize(answer.ActionJson, TelesignVoiceJsonContext.Default.TelesignAction)!;
    }

    /// <summary>The event after a prompt; null when the caller hangs up during it.</summary>
    private static byte[]? Prompted(string referenceId, TelesignAction action, Queue<string> caller)
    {
        string? digits = null;
        if (action.Params.CollectDigits is { } collect)
        {
            var press = caller.TryDequeue(out var entry) ? entry : string.Empty;
            if (press == FlowTestCase.HangUp)
            {
                return null;
            }

            digits = DigitCollector.Collect(press, collect.Max, collect.Terminators);
        }

        return action.Method == TelesignMethods.Speak
            ? SimulatedEvents.PromptCompleted(TelesignEventNames.SpeakCompleted, referenceId, null, TelesignStatuses.SpeakSuccessful, digits)
            : SimulatedEvents.PromptCompleted(TelesignEventNames.PlayCompleted, referenceId, null, "play_successful", digits);
    }

    private static byte[]? Transferred(string referenceId, TelesignAction action, string outcome) => outcome switch
    {
        "no_answer" => SimulatedEvents.DialCompleted(referenceId, null, action.Params.CallerIdNumber!, action.Params.To!, "no_answer"),
        FlowTestCase.HangUp => null,
        _ => SimulatedEvents.CallLegCompleted(referenceId, null, action.Params.CallerIdNumber!, action.Params.To!),
    };

    private sealed class Recorder
    {
        public List<string> Heard { get; } = [];

        public List<string> Actions { get; } = [];

        public List<string> Notes { get; } = [];

        public string? FinalStep { get; set; }

        public void Answered(TelesignAction action)
        {
            var p = action.Params;
            switch (action.Method)
            {
                case TelesignMethods.Speak:
                    Heard.Add(p.Tts!.Message);
                    break;
                case TelesignMethods.Play:
                    Heard.Add(p.Url!);
                    break;
                case TelesignMethods.PlayMultiple:
                    Heard.AddRange(p.Urls!);
                    break;
            }

            var detail = action.Method switch
            {
                TelesignMethods.Dial => p.To,
                TelesignMethods.SendDtmf => p.Digits,
                _ => null,
            };
            Actions.Add(detail is null ? action.Method : new StringBuilder(action.Method).Append(' ').Append(detail).ToString());
        }
    }
}

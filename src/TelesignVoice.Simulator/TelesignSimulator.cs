using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// The simulated Telesign account: the calls it runs (each driven in the background by a
/// <see cref="CallDriver"/>), the caller scripts waiting for their dial, and their transcripts.
/// </summary>
public sealed partial class TelesignSimulator(
    IServiceScopeFactory scopes,
    IOptions<SimulatorOptions> options,
    NumberScripts numbers,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<TelesignSimulator> logger)
{
    private readonly ConcurrentDictionary<string, CallTranscript> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly ConcurrentDictionary<string, CallerScript> _scripts = new(StringComparer.Ordinal);

    /// <summary>The script the caller of the dial carrying this external_id will follow.</summary>
    public void AttachScript(string externalId, CallerScript script) => _scripts[externalId] = script;

    public void DetachScript(string externalId) => _scripts.TryRemove(externalId, out _);

    public IReadOnlyList<string> DefaultPresses => [.. options.Value.DefaultPresses];

    public CallTranscript? Find(string referenceId) => _calls.GetValueOrDefault(referenceId);

    /// <summary>As many calls run as <c>Simulator:MaxRunningCalls</c> allows: a new one must be refused.</summary>
    public bool IsFull => _calls.Count - _finished.Count >= options.Value.MaxRunningCalls;

    /// <summary>Every call this simulator has started that is running or among the last <c>Simulator:MaxTranscripts</c> to end.</summary>
    public IReadOnlyList<SimulatedCallView> Calls => [.. _calls.Values.Select(call => call.View())];

    /// <summary>
    /// Counts a dial to <paramref name="to"/> and decides its script: the one attached to its external_id
    /// (POST /simulator/calls), else the number's script for this dial, else <c>Simulator:DefaultPresses</c>.
    /// </summary>
    public CallerScript ScriptForDial(string? externalId, string to)
    {
        var numberScript = numbers.NextDial(to);
        return externalId is not null && _scripts.TryRemove(externalId, out var attached)
            ? attached
            : numberScript ?? CallerScript.Pressing([.. options.Value.DefaultPresses]);
    }

    /// <summary>A dial was accepted: the callee's phone rings, then the call runs to its end.</summary>
    public CallTranscript StartOutbound(string referenceId, string? externalId, string from, string to, CallerScript script, string? sendDtmf = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Start(new SimulatedCall(referenceId, externalId, TelesignDirections.Outbound, from, to, script,
            new CallTranscript(referenceId, externalId, TelesignDirections.Outbound, from, to)) { DialDtmf = sendDtmf });
    }

    /// <summary>Someone calls one of our numbers: Telesign sends incoming_call.</summary>
    public CallTranscript StartInbound(string from, string to, CallerScript script)
    {
        var referenceId = NewReferenceId();
        return Start(new SimulatedCall(referenceId, null, TelesignDirections.Inbound, from, to, script,
            new CallTranscript(referenceId, null, TelesignDirections.Inbound, from, to)));
    }

    /// <summary>32 hex digits, as Telesign's reference ids are described.</summary>
    public static string NewReferenceId() => Guid.NewGuid().ToString("N").ToUpperInvariant();

    private CallTranscript Start(SimulatedCall call)
    {
        _calls[call.ReferenceId] = call.Transcript;
        Log.CallStarted(logger, call.Direction, call.ReferenceId);
        // The call outlives the request that started it: it must not carry that request's log scope or trace.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAsync(call), CancellationToken.None);
        }

        return call.Transcript;
    }

    private async Task RunAsync(SimulatedCall call)
    {
        string? error;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var webhook = scope.ServiceProvider.GetRequiredService<SimulatorWebhookClient>();
            var driver = new CallDriver(call, webhook, time, options.Value);
            try
            {
                error = await driver.RunAsync(lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                error = "the app stopped before the call ended";
            }
            catch (HttpRequestException exception)
            {
                error = $"the webhook could not be reached: {exception.Message}";
            }
            catch (OperationCanceledException exception)
            {
                // Not the app stopping: the webhook client's own timeout.
                error = $"the webhook did not answer in time: {exception.Message}";
            }
            catch (InvalidOperationException exception)
            {
                error = exception.Message;
            }
#pragma warning disable CA1031 // The one broad catch: nobody awaits this task, so a fault would vanish and leave the call "running".
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.CallCrashed(logger, exception, call.ReferenceId);
                error = exception.Message;
            }
        }

        if (error is null)
        {
            Log.CallEnded(logger, call.ReferenceId);
        }
        else
        {
            call.Transcript.Add(time.GetUtcNow(), TranscriptSpeakers.Simulator, $"call failed: {error}");
            Log.CallFailed(logger, call.ReferenceId, error);
        }

        // Evict before signalling the end: whoever waits for this call sees the store as it will stay.
        Forget(call.ReferenceId);
        call.Transcript.Finish(error);
    }

    /// <summary>A long-running dev server would otherwise keep every transcript: the oldest finished go first.</summary>
    private void Forget(string finishedReferenceId)
    {
        _finished.Enqueue(finishedReferenceId);
        while (_finished.Count > options.Value.MaxTranscripts && _finished.TryDequeue(out var oldest))
        {
            _calls.TryRemove(oldest, out _);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Simulator: {Direction} call {ReferenceId} started")]
        public static partial void CallStarted(ILogger logger, string direction, string referenceId);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Simulator: call {ReferenceId} ended")]
        public static partial void CallEnded(ILogger logger, string referenceId);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Simulator: call {ReferenceId} crashed")]
        public static partial void CallCrashed(ILogger logger, Exception exception, string referenceId);

        [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Simulator: call {ReferenceId} failed: {Error}")]
        public static partial void CallFailed(ILogger logger, string referenceId, string error);
    }
}

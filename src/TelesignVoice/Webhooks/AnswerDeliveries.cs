using System.Collections.Concurrent;
using TelesignVoice.Storage;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Whether an answer reached Telesign: a response written whose request completed without being aborted.
/// The fact is stored on the event (<see cref="ICallStore.MarkAnswerGivenAsync"/>) after the response, off
/// the answer's path; until it is stored, this instance remembers the answer being written, so the call's
/// next event, which may arrive before the mark is stored, waits for the outcome instead of guessing.
/// </summary>
public sealed partial class AnswerDeliveries(ICallStore store, ILogger<AnswerDeliveries> logger) : IHostedService
{
    /// <summary>Longest wait for an answer being written; past it the answer counts as not given.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Delivery> _writing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _marking = new();

    /// <summary>The answer being written now for the call, if any (taken before the call is read).</summary>
    public Delivery? Current(string referenceId) => _writing.GetValueOrDefault(referenceId);

    /// <summary>
    /// Starts one answer's delivery: the response is about to be written. <see cref="HttpResponse.OnCompleted(Func{Task})"/>
    /// settles it: given when the request was not aborted.
    /// </summary>
    public void Track(HttpContext context, string referenceId, long callVersion)
    {
        ArgumentNullException.ThrowIfNull(context);
        var delivery = new Delivery(callVersion);
        _writing[referenceId] = delivery;
        context.Response.OnCompleted(() =>
        {
            var given = !context.RequestAborted.IsCancellationRequested;
            delivery.Settle(given);
            if (!given)
            {
                Log.AnswerNotGiven(logger, referenceId, callVersion);
                _writing.TryRemove(KeyValuePair.Create(referenceId, delivery));
                return Task.CompletedTask;
            }

            // Not awaited: the next request on this connection need not wait for the mark.
            var marking = MarkAsync(referenceId, delivery);
            _marking.TryAdd(marking, 0);
            _ = marking.ContinueWith(done => _marking.TryRemove(done, out _), TaskScheduler.Default);
            return Task.CompletedTask;
        });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the marks still being stored, so a restart does not forget an answer given.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_marking.Keys).WaitAsync(cancellationToken);

    private async Task MarkAsync(string referenceId, Delivery delivery)
    {
        try
        {
            await store.MarkAnswerGivenAsync(referenceId, delivery.CallVersion, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The answer was given; only its mark is lost: a re-sent identical body would be replayed.
            Log.MarkFailed(logger, exception, referenceId, delivery.CallVersion);
        }
        finally
        {
            _writing.TryRemove(KeyValuePair.Create(referenceId, delivery));
        }
    }

    /// <summary>One answer being written: the call version of the event it answers, and whether it was given.</summary>
    public sealed class Delivery(long callVersion)
    {
        private readonly TaskCompletionSource<bool> _given = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long CallVersion { get; } = callVersion;

        /// <summary>True when given, false when aborted or not settled within the longest wait.</summary>
        public async Task<bool> WasGivenAsync()
        {
            try
            {
                return await _given.Task.WaitAsync(MaxWait);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        public void Settle(bool given) => _given.TrySetResult(given);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "The answer to call {ReferenceId}'s event at version {CallVersion} was not given (the request was aborted): a re-delivery will get it again")]
        public static partial void AnswerNotGiven(ILogger logger, string referenceId, long callVersion);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Could not record that the answer to call {ReferenceId}'s event at version {CallVersion} was given")]
        public static partial void MarkFailed(ILogger logger, Exception exception, string referenceId, long callVersion);
    }
}

using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
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

    /// <summary>
    /// How long after the response an abort still counts against it: Kestrel cancels RequestAborted through
    /// the thread pool, so an abort it saw before the last byte was written may show just after. A reset after
    /// the last byte never shows (Kestrel stops signalling then): docs/webhook-redelivery.md, What stays unknown.
    /// </summary>
    private static readonly TimeSpan SendSettleTime = TimeSpan.FromMilliseconds(30);

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Delivery> _writing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _marking = new();

    /// <summary>The answer being written now for the call, if any (taken before the call is read).</summary>
    public Delivery? Current(string referenceId) => _writing.GetValueOrDefault(referenceId);

    /// <summary>
    /// Starts one answer's delivery: the response is about to be written. <see cref="HttpResponse.OnCompleted(Func{Task})"/>
    /// settles it: given when the request was not aborted.
    /// </summary>
    /// <remarks>
    /// Two deliveries of one event (a first one abandoned, its re-delivery) may be written at once, in either
    /// order: they share one <see cref="Delivery"/>, given when either is, so the abandoned one cannot hide
    /// the answer its re-delivery gave. An answer to an older event never displaces a newer one.
    /// </remarks>
    public void Track(HttpContext context, string referenceId, long callVersion)
    {
        ArgumentNullException.ThrowIfNull(context);
        Delivery delivery;
        lock (_gate)
        {
            delivery = _writing.TryGetValue(referenceId, out var current) && current.CallVersion == callVersion && !current.IsRefused
                ? current
                : new Delivery(callVersion);
            if (current is null || current.CallVersion <= callVersion)
            {
                _writing[referenceId] = delivery;
            }

            delivery.Join();
        }

        var aborted = context.RequestAborted;
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        var closed = context.Features.Get<IConnectionLifetimeFeature>()?.ConnectionClosed ?? CancellationToken.None;
        context.Response.OnCompleted(() =>
        {
            // Looked at now, while Kestrel still holds the connection: a reset that came before the answer was
            // written has closed it, even when Kestrel had not noticed before the last byte (then RequestAborted
            // never fires). A reset while the answer is still leaving (Kestrel sends after this) is seen when the
            // transport reports the connection closed, before Kestrel disposes the socket.
            var verdict = new ResetWatch(socket);
            var watching = closed.Register(static state => ((ResetWatch)state!).Closed(), verdict);

            // Not awaited: the next request on this connection need not wait for the verdict or the mark.
            var settling = SettleAsync(referenceId, delivery, verdict, watching, aborted);
            _marking.TryAdd(settling, 0);
            _ = settling.ContinueWith(done => _marking.TryRemove(done, out _), TaskScheduler.Default);
            return Task.CompletedTask;
        });
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the marks still being stored, so a restart does not forget an answer given.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_marking.Keys).WaitAsync(cancellationToken);

    /// <summary>
    /// The response has left the request, but a reset connection shows only when the transport tries to send
    /// it: the verdict waits a moment for that (the call's next event waits for the verdict, not longer).
    /// </summary>
    private async Task SettleAsync(string referenceId, Delivery delivery, ResetWatch reset, CancellationTokenRegistration watching, CancellationToken aborted)
    {
        if (!reset.IsReset && !aborted.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(SendSettleTime, aborted);
            }
            catch (OperationCanceledException)
            {
                // Aborted while settling: not given.
            }
        }

        // Unregistered once judged: a keep-alive connection would otherwise collect one callback per answer.
        await watching.DisposeAsync();
        var given = !reset.IsReset && !aborted.IsCancellationRequested;
        if (!given)
        {
            Log.AnswerNotGiven(logger, referenceId, delivery.CallVersion);
            lock (_gate)
            {
                // The last of the event's deliveries to settle says "not given" for all of them.
                if (delivery.Settle(given: false))
                {
                    _writing.TryRemove(KeyValuePair.Create(referenceId, delivery));
                }
            }

            return;
        }

        lock (_gate)
        {
            delivery.Settle(given: true);
        }

        await MarkAsync(referenceId, delivery);
    }

    /// <summary>
    /// Whether the peer reset the connection (Linux: its TCP state is CLOSE, which an RST leaves; a FIN leaves
    /// CLOSE_WAIT, so a client that half-closes still counts as reading). A socket Kestrel already disposed was
    /// aborted under the answer (no peer over a network can read the answer and close before this runs, right
    /// after the last byte). Elsewhere than Linux unknown: false, and RequestAborted alone decides.
    /// </summary>
    private static bool WasReset(Socket? socket)
    {
        const int IpProtocolTcp = 6, TcpInfo = 11, TcpStateClose = 7;
        if (socket is null || !OperatingSystem.IsLinux())
        {
            return false;
        }

        Span<byte> info = stackalloc byte[8];
        try
        {
            // struct tcp_info begins with tcpi_state (one byte).
            return socket.GetRawSocketOption(IpProtocolTcp, TcpInfo, info) > 0 && info[0] == TcpStateClose;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether the answer's connection was reset, as seen when the answer was written or when the connection closed.</summary>
    private sealed class ResetWatch(Socket? socket)
    {
        private volatile bool _reset = WasReset(socket);

        public bool IsReset => _reset;

        public void Closed()
        {
            if (WasReset(socket))
            {
                _reset = true;
            }
        }
    }

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

    /// <summary>
    /// The answer to one event being written, by one or more deliveries of it: the call version of the event,
    /// and whether it was given (by any of them). Its writers are counted under <see cref="AnswerDeliveries"/>' lock.
    /// </summary>
    public sealed class Delivery(long callVersion)
    {
        private readonly TaskCompletionSource<bool> _given = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writers;

        public long CallVersion { get; } = callVersion;

        /// <summary>Every delivery of the event was aborted: a new one starts afresh.</summary>
        internal bool IsRefused => _given.Task.IsCompletedSuccessfully && !_given.Task.Result;

        internal void Join() => _writers++;

        /// <summary>One writer's verdict; returns whether it decided the outcome (given, or the last one aborted).</summary>
        internal bool Settle(bool given) =>
            given ? _given.TrySetResult(true) : --_writers == 0 && _given.TrySetResult(false);

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

    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "The answer to call {ReferenceId}'s event at version {CallVersion} was not given (the request was aborted): a re-delivery will get it again")]
        public static partial void AnswerNotGiven(ILogger logger, string referenceId, long callVersion);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Could not record that the answer to call {ReferenceId}'s event at version {CallVersion} was given")]
        public static partial void MarkFailed(ILogger logger, Exception exception, string referenceId, long callVersion);
    }
}

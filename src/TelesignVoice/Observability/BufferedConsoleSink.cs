using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;

namespace TelesignVoice.Observability;

/// <summary>
/// Production console output. Serilog's console sink formats each event on the request's thread and
/// flushes it with a write(2) of its own, under a lock shared by every request; at thousands of webhooks a
/// second that was the largest single cost after Kestrel (bench/NOTES.md). Here requests only queue the
/// event; one background writer formats whatever has queued into a buffer and writes it with one call, as
/// soon as it has nothing more to add. An idle server's lines appear at once, a busy one's go out together.
/// </summary>
/// <remarks>
/// The queue is bounded: if standard output stops draining (a stuck pipe), requests must not wait on it or
/// fill the memory, so events beyond <see cref="Capacity"/> are dropped and counted, and the count is
/// written as soon as there is room again. Disposing (the host's shutdown) writes everything queued.
/// </remarks>
public sealed class BufferedConsoleSink : ILogEventSink, IDisposable
{
    public const int Capacity = 10_000;

    private const int MaxEventsPerWrite = 1_000;

    private readonly ITextFormatter _formatter;
    private readonly TextWriter _output;
    private readonly Channel<LogEvent> _queue = Channel.CreateBounded<LogEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writer;
    private readonly TimeSpan _disposeTimeout;
    private long _dropped;

    /// <summary>How long disposing waits for the queue to drain: a stuck standard output must not block shutdown.</summary>
    public static readonly TimeSpan DefaultDisposeTimeout = TimeSpan.FromSeconds(5);

    public BufferedConsoleSink(ITextFormatter formatter)
        : this(formatter, new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), bufferSize: 64 * 1024) { AutoFlush = false })
    {
    }

    /// <param name="output">Where the lines go; the sink owns it and disposes it.</param>
    public BufferedConsoleSink(ITextFormatter formatter, TextWriter output, TimeSpan? disposeTimeout = null)
    {
        _formatter = formatter;
        _output = output;
        _disposeTimeout = disposeTimeout ?? DefaultDisposeTimeout;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Never waits: a full queue refuses the event (TryWrite on a Wait-mode channel), and it is counted.</summary>
    public void Emit(LogEvent logEvent)
    {
        if (!_queue.Writer.TryWrite(logEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_writer.Wait(_disposeTimeout))
        {
            // The writer is stuck in a write; leave it (and the output it holds) to the process's end.
            SelfLog.WriteLine("Standard output did not take the last log lines within {0}; shutting down without them", _disposeTimeout);
            return;
        }

        _output.Dispose();
    }

    private async Task WriteAsync()
    {
        // Each event is formatted apart first, so one that fails half-way leaves no broken line behind.
        var line = new StringWriter(CultureInfo.InvariantCulture);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                // Flushed at least every MaxEventsPerWrite events, so lines keep flowing under a flood too.
                for (var written = 0; written < MaxEventsPerWrite && reader.TryRead(out var logEvent); written++)
                {
                    line.GetStringBuilder().Clear();
                    try
                    {
                        _formatter.Format(logEvent, line);
                    }
#pragma warning disable CA1031 // One event that cannot be formatted must not cost the others.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        SelfLog.WriteLine("An event could not be formatted and was left out: {0}", exception);
                        continue;
                    }

                    _output.Write(line.GetStringBuilder());
                }

                if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
                {
                    _output.WriteLine($"{{\"@t\":\"{DateTimeOffset.UtcNow:O}\",\"@l\":\"Warning\",\"@m\":\"{dropped} log events were dropped: standard output did not keep up\"}}");
                }

                _output.Flush();
            }
#pragma warning disable CA1031 // A closed or broken standard output must not stop the app; Serilog's SelfLog is all that is left.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                SelfLog.WriteLine("Standard output could not be written: {0}", exception);
            }
        }
    }
}

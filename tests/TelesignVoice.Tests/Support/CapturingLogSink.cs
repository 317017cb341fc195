using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace TelesignVoice.Tests.Support;

/// <summary>A Serilog sink that keeps every event in memory; the app picks it up from DI (ReadFrom.Services).</summary>
public sealed class CapturingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>
    /// Waits (up to five seconds) until the captured events satisfy the condition: the request-completed
    /// line is written by middleware after the client already has its response.
    /// </summary>
    public async Task WaitForAsync(Func<IReadOnlyList<LogEvent>, bool> condition)
    {
        for (var i = 0; i < 100 && !condition(Events); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Each event as one line: its rendered message and all its properties.</summary>
    public IEnumerable<string> Lines =>
        Events.Select(e => e.RenderMessage() + " " + string.Join(' ', e.Properties.Select(p => $"{p.Key}={p.Value}")));
}

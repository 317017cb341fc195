using System.Text;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Parsing;
using TelesignVoice.Observability;

namespace TelesignVoice.Tests.Observability;

public sealed class BufferedConsoleSinkTests
{
    [Fact]
    public void Every_event_is_written_once_in_order_by_the_time_the_sink_is_disposed()
    {
        var output = new StringWriter();
        var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output);

        for (var i = 0; i < 500; i++)
        {
            sink.Emit(Event($"line {i}"));
        }

        sink.Dispose();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"line {i}"), lines.Select(MessageOf));
    }

    [Fact]
    public async Task An_event_is_written_without_waiting_for_more()
    {
        using var output = new SignallingWriter();
        using var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output);

        sink.Emit(Event("alone"));

        Assert.Equal("alone", MessageOf(await output.FlushedText.Task.WaitAsync(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Disposing_while_standard_output_is_stuck_returns_after_its_bound()
    {
        using var gate = new ManualResetEventSlim();
        var output = new StuckWriter(gate);
        var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output, TimeSpan.FromMilliseconds(200));
        sink.Emit(Event("first"));
        Assert.True(output.Stuck.Wait(TimeSpan.FromSeconds(10)), "the writer never took the first event");

        var disposing = Task.Run(sink.Dispose);
        var finished = await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(10)));
        gate.Set();

        Assert.True(finished == disposing, "Dispose blocked on a stuck standard output");
    }

    [Fact]
    public void When_the_output_stops_draining_events_beyond_the_capacity_are_dropped_and_counted()
    {
        using var gate = new ManualResetEventSlim();
        var output = new StuckWriter(gate);
        var sink = new BufferedConsoleSink(new RenderedCompactJsonFormatter(), output);

        sink.Emit(Event("first"));
        Assert.True(output.Stuck.Wait(TimeSpan.FromSeconds(10)), "the writer never took the first event");
        for (var i = 0; i < BufferedConsoleSink.Capacity + 25; i++)
        {
            sink.Emit(Event($"queued {i}"));
        }

        gate.Set();
        sink.Dispose();

        var messages = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(MessageOf).ToList();
        const string DroppedLine = "25 log events were dropped: standard output did not keep up";
        Assert.Single(messages, message => message == DroppedLine);
        Assert.Equal(
            ["first", .. Enumerable.Range(0, BufferedConsoleSink.Capacity).Select(i => $"queued {i}")],
            messages.Where(message => message != DroppedLine));
    }

    [Fact]
    public void An_event_that_cannot_be_formatted_is_left_out_without_breaking_the_lines_around_it()
    {
        var output = new StringWriter();
        var sink = new BufferedConsoleSink(new FailingOnFormatter("bad", new RenderedCompactJsonFormatter()), output);

        sink.Emit(Event("before"));
        sink.Emit(Event("bad"));
        sink.Emit(Event("after"));
        sink.Dispose();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["before", "after"], lines.Select(MessageOf));
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    private static string MessageOf(string jsonLine) =>
        System.Text.Json.JsonDocument.Parse(jsonLine).RootElement.GetProperty("@m").GetString()!;

    /// <summary>Writes half a line for the event with the given message, then throws.</summary>
    private sealed class FailingOnFormatter(string message, Serilog.Formatting.ITextFormatter inner) : Serilog.Formatting.ITextFormatter
    {
        public void Format(LogEvent logEvent, TextWriter output)
        {
            if (logEvent.MessageTemplate.Text == message)
            {
                output.Write("{\"@t\":\"half a li");
                throw new InvalidOperationException("cannot format");
            }

            inner.Format(logEvent, output);
        }
    }

    /// <summary>Completes <see cref="FlushedText"/> with what was written when the sink first flushes.</summary>
    private sealed class SignallingWriter : StringWriter
    {
        public TaskCompletionSource<string> FlushedText { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Flush()
        {
            base.Flush();
            FlushedText.TrySetResult(ToString().TrimEnd('\n'));
        }
    }

    /// <summary>Blocks the sink's writer on its first write until the gate opens, like a pipe nobody reads.</summary>
    private sealed class StuckWriter(ManualResetEventSlim gate) : StringWriter
    {
        public ManualResetEventSlim Stuck { get; } = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            Block();
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Block();
            base.Write(value);
        }

        public override void Write(StringBuilder? value)
        {
            Block();
            base.Write(value);
        }

        private void Block()
        {
            Stuck.Set();
            gate.Wait();
        }

        protected override void Dispose(bool disposing)
        {
            Stuck.Dispose();
            base.Dispose(disposing);
        }
    }
}

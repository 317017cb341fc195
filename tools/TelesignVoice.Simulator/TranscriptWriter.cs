using System.Text;
using System.Text.Json;
using TelesignVoice.Simulator;

namespace TelesignVoice.SimulatorCli;

/// <summary>A transcript as people read it: events Telesign sent, what the server answered, what the caller did.</summary>
public static class TranscriptWriter
{
    public static string Write(SimulatedCallView view, string? callUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant(
            $"Simulated {view.Direction} call {view.ReferenceId} from {view.From} to {view.To}"));
        foreach (var line in view.Lines)
        {
            text.AppendLine(line.Who switch
            {
                TranscriptSpeakers.Telesign => $"  telesign  -> {DescribeEvent(line.Text)}",
                TranscriptSpeakers.Server => $"  server    <- {DescribeAnswer(line.Text)}",
                TranscriptSpeakers.Caller => $"  caller       {line.Text}",
                _ => $"  simulator !! {line.Text}",
            });
        }

        text.AppendLine(view.State == SimulatedCallStates.Completed
            ? "Result: completed"
            : $"Result: {view.State.ToUpperInvariant()}: {view.Error}");
        text.AppendLine($"Transcript: GET /simulator/calls/{view.ReferenceId}");
        text.AppendLine($"Call record: GET {callUrl ?? $"/calls/{view.ReferenceId}"}");
        return text.ToString();
    }

    private static string DescribeEvent(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return $"{root.GetProperty("event").GetString()} {root.GetProperty("data").GetRawText()}";
    }

    /// <summary>The action in a few words; anything that is not an action is shown as it came.</summary>
    private static string DescribeAnswer(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method)
                || !root.TryGetProperty("params", out var p) || p.ValueKind != JsonValueKind.Object)
            {
                return body;
            }

            var rest = p.EnumerateObject().Any() ? " " + p.GetRawText() : string.Empty;
            return method.GetString() + rest;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}

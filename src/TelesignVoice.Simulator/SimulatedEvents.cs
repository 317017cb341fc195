using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TelesignVoice.Simulator;

/// <summary>
/// The bodies of the events the simulator sends, in Telesign's shape (docs/telesign-protocol.md, Events). Written field by
/// field because <c>call_completed</c> carries an explicit <c>"audio_recording_file_name": null</c>,
/// which the shared JSON context (omit nulls) would drop.
/// </summary>
public static class SimulatedEvents
{
    /// <summary>Telesign's end-of-call time format: UTC by name, no offset, milliseconds.</summary>
    public const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fff";

    public static byte[] IncomingCall(string referenceId, string from, string to) =>
        Write("incoming_call", referenceId, null, w =>
        {
            w.WriteString("to", to);
            w.WriteString("from", from);
        });

    public static byte[] DialCompleted(string referenceId, string? externalId, string from, string to, string status) =>
        Write("dial_completed", referenceId, externalId, w =>
        {
            w.WriteString("to", to);
            w.WriteString("from", from);
            w.WriteString("status", status);
        });

    /// <summary>speak_completed or play_completed; <paramref name="digits"/> is null when the prompt collected nothing.</summary>
    public static byte[] PromptCompleted(string eventName, string referenceId, string? externalId, string status, string? digits) =>
        Write(eventName, referenceId, externalId, w =>
        {
            w.WriteString("status", status);
            if (digits is not null)
            {
                w.WriteString("collected_digits", digits);
            }
        });

    public static byte[] CallLegCompleted(string referenceId, string? externalId, string from, string to) =>
        Write("call_leg_completed", referenceId, externalId, w =>
        {
            w.WriteString("to", to);
            w.WriteString("from", from);
            w.WriteString("status", "hangup");
        });

    public static byte[] CallCompleted(string referenceId, string? externalId, EndOfCallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Write("call_completed", referenceId, externalId, w =>
        {
            w.WriteNumber("duration", record.DurationSeconds);
            w.WriteString("created_on_utc", Format(record.CreatedOn));
            if (record.AnsweredOn is { } answered)
            {
                w.WriteString("answered_on_utc", Format(answered));
            }
            else
            {
                w.WriteNull("answered_on_utc");
            }

            w.WriteString("ended_on_utc", Format(record.EndedOn));
            w.WriteString("status", record.Status);
            w.WriteNull("audio_recording_file_name");
            w.WriteString("to", record.To);
            w.WriteString("from", record.From);
            w.WriteString("direction", record.Direction);
        });
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static byte[] Write(string eventName, string referenceId, string? externalId, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", eventName);
            writer.WriteString("reference_id", referenceId);
            if (externalId is not null)
            {
                writer.WriteString("external_id", externalId);
            }

            writer.WritePropertyName("data");
            writer.WriteStartObject();
            data(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The end-of-call record of a simulated call; times come from the simulated call's clock.</summary>
public sealed record EndOfCallRecord(
    int DurationSeconds,
    DateTimeOffset CreatedOn,
    DateTimeOffset? AnsweredOn,
    DateTimeOffset EndedOn,
    string Status,
    string To,
    string From,
    string Direction);

using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace BenchTool;

/// <summary>Telesign event bodies as they arrive on the wire (docs/telesign-protocol.md, Events), and their signature.</summary>
internal static class EventBodies
{
    public const string IncomingCall = "incoming_call";
    public const string CallCompleted = "call_completed";

    public static byte[] Build(string eventName, string referenceId, string to, string from, string? digits, DateTime callStart)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", eventName);
            json.WriteString("reference_id", referenceId);
            json.WriteStartObject("data");
            switch (eventName)
            {
                case IncomingCall:
                    json.WriteString("to", to);
                    json.WriteString("from", from);
                    break;
                case CallCompleted:
                    json.WriteNumber("duration", 42);
                    json.WriteString("created_on_utc", Timestamp(callStart));
                    json.WriteString("answered_on_utc", Timestamp(callStart.AddSeconds(1)));
                    json.WriteString("ended_on_utc", Timestamp(callStart.AddSeconds(43)));
                    json.WriteString("status", "hangup");
                    json.WriteNull("audio_recording_file_name");
                    json.WriteString("to", to);
                    json.WriteString("from", from);
                    json.WriteString("direction", "inbound");
                    break;
                case "dial_completed":
                    json.WriteString("to", to);
                    json.WriteString("from", from);
                    json.WriteString("status", "answered");
                    break;
                case "call_leg_completed":
                    // The transferred-to leg ended; docs/telesign-protocol.md (Events) knows no more of its fields.
                    json.WriteString("to", "15555550102");
                    json.WriteString("from", to);
                    json.WriteString("status", "hangup");
                    break;
                default:
                    // speak_completed / play_completed: the prompt finished, with the digits pressed, if any.
                    json.WriteString("status", eventName == "speak_completed" ? "speak_successful" : "play_successful");
                    if (!string.IsNullOrEmpty(digits))
                    {
                        json.WriteString("collected_digits", digits);
                    }

                    break;
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string Sign(byte[] body, byte[] key) => Convert.ToBase64String(HMACSHA256.HashData(key, body));

    private static string Timestamp(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}

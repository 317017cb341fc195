using System.Security.Cryptography;
using System.Text;

namespace TelesignVoice.Benchmarks;

/// <summary>The events of the load test, as bytes, and a throwaway account that signs them.</summary>
internal static class Events
{
    public const string CustomerId = "BENCH0000-0000-0000-0000-000000000000";

    public static readonly string ApiKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-only-key-not-a-secret!"));

    public static readonly byte[] IncomingCall = Encoding.UTF8.GetBytes(
        """{"event":"incoming_call","reference_id":"B3F1C0DE5A6B4C7D8E9F00112233AABB","data":{"to":"15558675309","from":"15555551212"}}""");

    public static readonly byte[] PlayCompleted = Encoding.UTF8.GetBytes(
        """{"event":"play_completed","reference_id":"B3F1C0DE5A6B4C7D8E9F00112233AABB","data":{"status":"play_successful","collected_digits":"1"}}""");

    public static readonly byte[] CallCompleted = Encoding.UTF8.GetBytes(
        """{"event":"call_completed","reference_id":"B3F1C0DE5A6B4C7D8E9F00112233AABB","data":{"duration":42,"created_on_utc":"2026-11-27T07:00:00.000","answered_on_utc":"2026-11-27T07:00:01.000","ended_on_utc":"2026-11-27T07:00:43.000","status":"hangup","audio_recording_file_name":null,"to":"15558675309","from":"15555551212","direction":"inbound"}}""");

    public static string Sign(byte[] body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(ApiKey), body));
}

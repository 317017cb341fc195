using System.Text.Json;

namespace TelesignVoice.Tests.Support;

/// <summary>Event bodies of one call, shaped like Telesign's, and a check that an answer is an action.</summary>
public static class CallEvents
{
    public static string DialCompleted(string referenceId) =>
        $$$"""{"event":"dial_completed","reference_id":"{{{referenceId}}}","data":{"to":"15558675309","from":"15555551212","status":"answered"}}""";

    public static string IncomingCall(string referenceId) =>
        $$$"""{"event":"incoming_call","reference_id":"{{{referenceId}}}","data":{"to":"15558675309","from":"15555551212"}}""";

    public static string SpeakCompleted(string referenceId, string digits) =>
        $$$"""{"event":"speak_completed","reference_id":"{{{referenceId}}}","data":{"status":"speak_successful","collected_digits":"{{{digits}}}"}}""";

    public static string CallCompleted(string referenceId) =>
        $$$"""{"event":"call_completed","reference_id":"{{{referenceId}}}","data":{"duration":9,"status":"hangup","to":"15558675309","from":"15555551212","direction":"outbound"}}""";

    /// <summary>Whatever the call flow answers, it is one JSON-RPC action with a method Telesign knows.</summary>
    public static void AssertIsAction(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        Assert.Equal("2.0", document.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Contains(
            document.RootElement.GetProperty("method").GetString(),
            new[] { "speak", "play", "play_multiple", "dial", "send_dtmf", "hangup" });
    }
}

using System.Net;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>One call driven event by event, as Telesign would: each event signed, each answer returned.</summary>
public sealed class CallWalk(HttpClient client, string referenceId, int firstSequence = 0)
{
    private int _sequence = firstSequence;

    public string ReferenceId { get; } = referenceId;

    public static CallWalk Start(FlowsFactory factory, string? referenceId = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new CallWalk(factory.CreateClient(), referenceId ?? Guid.NewGuid().ToString("N"));
    }

    public Task<string> IncomingCallAsync(string to, string from = "15557770000") =>
        PostAsync("incoming_call", $$"""{"to":"{{to}}","from":"{{from}}"}""");

    public Task<string> DialCompletedAsync(string status = "answered") =>
        PostAsync("dial_completed", $$"""{"to":"15558675309","from":"15554441313","status":"{{status}}"}""");

    public Task<string> SpeakCompletedAsync(string digits = "") =>
        PostAsync("speak_completed", $$"""{"status":"speak_successful","collected_digits":"{{digits}}"}""");

    public Task<string> PlayCompletedAsync(string digits = "") =>
        PostAsync("play_completed", $$"""{"status":"play_successful","collected_digits":"{{digits}}"}""");

    public Task<string> CallLegCompletedAsync() =>
        PostAsync("call_leg_completed", """{"to":"15555550100","from":"15554441313","status":"hangup"}""");

    public Task<string> CallCompletedAsync() =>
        PostAsync("call_completed", """{"duration":42,"status":"hangup","direction":"outbound"}""");

    /// <summary>Posts one event. A sequence number keeps two equal events (two silences) from being taken for one redelivery.</summary>
    public async Task<string> PostAsync(string eventName, string data)
    {
        var sequence = ++_sequence;
        var body = $$"""{"event":"{{eventName}}","reference_id":"{{ReferenceId}}","sequence":{{sequence}},"data":""" + data + "}";
        using var request = TelesignSigner.SignedEvent(body);
        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{eventName} got {(int)response.StatusCode}: {answer}");
        return answer;
    }
}

/// <summary>The exact actions the sample flows answer with.</summary>
public static class Expect
{
    public const string Hangup = """{"jsonrpc":"2.0","method":"hangup","params":{}}""";

    public static string Speak(string message, string? collect = null) =>
        "{\"jsonrpc\":\"2.0\",\"method\":\"speak\",\"params\":{\"tts\":{\"message\":\"" + message + "\",\"language\":\"en-US\"}"
        + (collect is null ? string.Empty : ",\"collect_digits\":" + collect) + "}}";

    public static string Dial(string to, string callerId = "15554441313") =>
        "{\"jsonrpc\":\"2.0\",\"method\":\"dial\",\"params\":{\"to\":\"" + to + "\",\"caller_id_number\":\"" + callerId + "\"}}";
}

using System.Text.Json;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Telesign;

public class WireModelTests
{
    private static TelesignEvent ParseEvent(string fixture) =>
        JsonSerializer.Deserialize(Fixture.Read(fixture), TelesignVoiceJsonContext.Default.TelesignEvent)!;

    private static string Serialize(TelesignAction action) =>
        JsonSerializer.Serialize(action, TelesignVoiceJsonContext.Default.TelesignAction);

    [Fact]
    public void Incoming_call_fixture_parses_with_its_numbers()
    {
        var evt = ParseEvent("event-incoming_call.json");

        Assert.Equal("incoming_call", evt.Event);
        Assert.Equal("534e1848-235f-482d-983d-e3e11a04f58a", evt.ReferenceId);
        Assert.Null(evt.ExternalId);
        var data = evt.DataAs<IncomingCallData>()!;
        Assert.Equal("15558675309", data.To);
        Assert.Equal("15555551212", data.From);
    }

    [Fact]
    public void Dial_completed_fixture_parses_with_external_id_and_status()
    {
        var evt = ParseEvent("event-dial_completed.json");

        Assert.Equal("dial_completed", evt.Event);
        Assert.Equal("BC96D7B0D1800164898350B4E71B005C", evt.ReferenceId);
        Assert.Equal("4142b474-d65d-4265-a5fa-a581b1fe6101", evt.ExternalId);
        var data = evt.DataAs<DialCompletedData>()!;
        Assert.Equal("answered", data.Status);
        Assert.Equal("15558675309", data.To);
        Assert.Equal("15555551212", data.From);
    }

    [Fact]
    public void Speak_completed_fixture_parses_with_collected_digits()
    {
        var data = ParseEvent("event-speak_completed.json").DataAs<PromptCompletedData>()!;

        Assert.Equal("speak_successful", data.Status);
        Assert.Equal("1", data.CollectedDigits);
    }

    [Fact]
    public void Call_completed_fixture_parses_the_end_of_call_record()
    {
        var evt = ParseEvent("event-call_completed.json");
        var data = evt.DataAs<CallCompletedData>()!;

        Assert.Equal("C58C8EB012D", evt.ReferenceId);
        Assert.Equal(6.0, data.Duration);
        Assert.Equal("2019-03-15T06:48:22.151", data.CreatedOnUtc);
        Assert.Equal("2019-03-15T06:48:24.151", data.AnsweredOnUtc);
        Assert.Equal("2019-03-15T06:48:28.151", data.EndedOnUtc);
        Assert.Equal("hangup", data.Status);
        Assert.Null(data.AudioRecordingFileName);
        Assert.Equal("outbound", data.Direction);
        Assert.Equal("DESTINATION_NUMBER", data.To);
        Assert.Equal("VIRTUAL_NUMBER", data.From);
    }

    [Fact]
    public void Unknown_event_and_unknown_fields_are_kept()
    {
        const string body = """{"event":"recording_completed","reference_id":"R1","sequence":7,"data":{"status":"x","new_field":{"a":1}}}""";

        var evt = JsonSerializer.Deserialize(body, TelesignVoiceJsonContext.Default.TelesignEvent)!;

        Assert.Equal("recording_completed", evt.Event);
        Assert.Equal(7, evt.AdditionalFields!["sequence"].GetInt32());
        var data = evt.DataAs<PromptCompletedData>()!;
        Assert.Equal("x", data.Status);
        Assert.Equal(1, data.AdditionalFields!["new_field"].GetProperty("a").GetInt32());
    }

    [Fact]
    public void Numbers_where_text_is_expected_are_read_as_text()
    {
        const string body = """{"event":"speak_completed","reference_id":"R","data":{"status":"speak_successful","collected_digits":1,"to":15558675309,"duration":"6"}}""";

        var evt = JsonSerializer.Deserialize(body, TelesignVoiceJsonContext.Default.TelesignEvent)!;

        Assert.Equal("1", evt.DataAs<PromptCompletedData>()!.CollectedDigits);
        Assert.Equal("15558675309", evt.DataAs<IncomingCallData>()!.To);
        Assert.Equal(6.0, evt.DataAs<CallCompletedData>()!.Duration);
    }

    [Fact]
    public void Data_of_an_unreadable_shape_reads_as_absent_instead_of_failing()
    {
        const string body = """{"event":"incoming_call","reference_id":"R","data":{"to":{"nested":true},"from":[1]}}""";

        var evt = JsonSerializer.Deserialize(body, TelesignVoiceJsonContext.Default.TelesignEvent)!;

        Assert.Null(evt.DataAs<IncomingCallData>());
    }

    [Fact]
    public void Play_with_collect_digits_serialises_exactly_as_the_seed_page()
    {
        var action = TelesignAction.Play(
            "https://url-pointing-to-audio-file.com/file.wav",
            new CollectDigits(Max: 5, Timeout: 10000, InterDigitTimeout: 3000, Terminators: "*"));

        JsonAssert.Equivalent(Fixture.Read("action-play-collect.json"), Serialize(action));
    }

    [Fact]
    public void Speak_with_collect_digits_serialises_exactly_as_documented()
    {
        var action = TelesignAction.Speak("Press 1 for sales, 2 for support.", "en-US", new CollectDigits(1));

        JsonAssert.Equivalent(Fixture.Read("action-speak-collect.json"), Serialize(action));
    }

    [Fact]
    public void Hangup_serialises_with_empty_params()
    {
        Assert.Equal("""{"jsonrpc":"2.0","method":"hangup","params":{}}""", Serialize(TelesignAction.Hangup()));
        JsonAssert.Equivalent(Fixture.Read("action-hangup.json"), Serialize(TelesignAction.Hangup()));
    }

    [Fact]
    public void Dial_sends_max_call_duration_as_a_string_and_omits_absent_optionals()
    {
        var json = Serialize(TelesignAction.Dial("15555551212", "15554441313", maxCallDurationSeconds: 600));

        Assert.Equal(
            """{"jsonrpc":"2.0","method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313","max_call_duration":"600"}}""",
            json);
    }

    [Fact]
    public void Dial_matches_the_official_example_fields()
    {
        var action = TelesignAction.Dial("15555551212", "15554441313", "4142b474-d65d-4265-a5fa-a581b1fe6101", sendDtmf: "6458")
            with { Jsonrpc = "2.0" };
        var withPrimary = action with { Params = action.Params with { IsPrimary = true } };

        var expected = JsonDocument.Parse(Fixture.Read("request-dial.json")).RootElement;
        var actual = JsonDocument.Parse(Serialize(withPrimary)).RootElement;

        // The official example omits the optional jsonrpc member; everything it has must match.
        Assert.Equal("dial", actual.GetProperty("method").GetString());
        JsonAssert.Equivalent(expected.GetProperty("params").GetRawText(), actual.GetProperty("params").GetRawText());
    }

    [Fact]
    public void Speak_without_language_or_collection_omits_them()
    {
        Assert.Equal(
            """{"jsonrpc":"2.0","method":"speak","params":{"tts":{"message":"Goodbye"}}}""",
            Serialize(TelesignAction.Speak("Goodbye")));
    }

    [Fact]
    public void Action_round_trips_and_keeps_unknown_params()
    {
        const string json = """{"jsonrpc":"2.0","method":"play","params":{"url":"https://a/b.wav","loop":3}}""";

        var action = JsonSerializer.Deserialize(json, TelesignVoiceJsonContext.Default.TelesignAction)!;

        Assert.Equal("play", action.Method);
        Assert.Equal("https://a/b.wav", action.Params.Url);
        Assert.Equal(3, action.Params.AdditionalFields!["loop"].GetInt32());
        JsonAssert.Equivalent(json, Serialize(action));
    }
}

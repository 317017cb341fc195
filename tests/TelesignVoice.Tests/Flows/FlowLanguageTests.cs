using System.Text.Json;
using TelesignVoice.Flows;
using TelesignVoice.Flows.Testing;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>A flow in two languages: every say in both, the call's language variable picks one, tts.language says which.</summary>
public sealed class FlowLanguageTests : IDisposable
{
    private const string TwoLanguages = """
        {
          "languages": ["en-US", "es-MX"],
          "start": "choose",
          "steps": {
            "choose": {
              "say": { "en-US": "For English, press 1.", "es-MX": "Para español, oprima 2." },
              "ask": { "max_digits": 1, "allowed_digits": "12", "save_as": "language", "attempts": 2,
                       "no_input": { "say": { "en-US": "Press 1 or 2.", "es-MX": "Oprima 1 o 2." } } },
              "next": "hello"
            },
            "hello": { "say": { "en-US": "Hello {name}. Goodbye.", "es-MX": "Hola {name}. Adiós." }, "hangup": true }
          }
        }
        """;

    private readonly TempFolder _folder = new();

    public FlowLanguageTests() => Directory.CreateDirectory(Path.Combine(_folder.Path, "flows"));

    public void Dispose() => _folder.Dispose();

    private string FlowFile(string name = "default") => Path.Combine(_folder.Path, "flows", name + ".json");

    private FlowLoadResult Load(string json)
    {
        File.WriteAllText(FlowFile(), json);
        return FlowLoader.LoadFrom(new FlowOptions(), _folder.Path, [], new HashSet<string>());
    }

    [Fact]
    public async Task The_language_chosen_with_save_as_is_spoken_with_its_tts_language()
    {
        File.WriteAllText(FlowFile(), TwoLanguages.Replace(" {name}", string.Empty, StringComparison.Ordinal));
        await using var server = new TelesignVoiceFactory().WithSettings(new Dictionary<string, string?>
        {
            ["Flows:Path"] = Path.Combine(_folder.Path, "flows"),
            ["Flows:Watch"] = "false",
        });
        var walk = new CallWalk(server.CreateClient(), Guid.NewGuid().ToString("N"));

        using var menu = JsonDocument.Parse(await walk.IncomingCallAsync("15550009999"));
        using var again = JsonDocument.Parse(await walk.SpeakCompletedAsync(""));
        using var spanish = JsonDocument.Parse(await walk.SpeakCompletedAsync("2"));

        Assert.Equal(("For English, press 1.", "en-US"), Tts(menu));
        Assert.Equal(("Press 1 or 2.", "en-US"), Tts(again));
        Assert.Equal(("Hola. Adiós.", "es-MX"), Tts(spanish));
    }

    private static (string?, string?) Tts(JsonDocument action)
    {
        var tts = action.RootElement.GetProperty("params").GetProperty("tts");
        return (tts.GetProperty("message").GetString(), tts.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Flow_tests_pick_the_language_from_the_variables_given_at_dial_as_a_code_or_a_position()
    {
        File.WriteAllText(FlowFile(), TwoLanguages.Replace("\"start\": \"choose\"", "\"start\": \"hello\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_folder.Path, "flows", "default.test.json"), """
            { "cases": [
              { "name": "Spanish by code", "direction": "outbound", "variables": { "name": "Ana", "language": "es-MX" }, "expect": { "heard": ["Hola Ana. Adiós."] } },
              { "name": "Spanish by position", "direction": "outbound", "variables": { "name": "Ana", "language": "2" }, "expect": { "heard": ["Hola Ana. Adiós."] } },
              { "name": "an unknown language speaks the first", "direction": "outbound", "variables": { "name": "Ann", "language": "fr-FR" }, "expect": { "heard": ["Hello Ann. Goodbye."] } }
            ] }
            """);
        using var output = new StringWriter();

        var exit = await FlowCommands.RunAsync(["test", Path.Combine(_folder.Path, "flows")], output);

        Assert.True(exit == FlowCommands.Passed, output.ToString());
    }

    [Theory]
    [InlineData("""{ "languages": ["en-US", "es-MX"], "start": "a", "steps": { "a": { "say": { "en-US": "Hi." }, "hangup": true } } }""",
        "step 'a', say: missing the text in es-MX (the flow's languages: en-US, es-MX)")]
    [InlineData("""{ "languages": ["en-US", "es-MX"], "start": "a", "steps": { "a": { "say": "Hi.", "hangup": true } } }""",
        "step 'a', say: give the text in every language of the flow")]
    [InlineData("""{ "start": "a", "steps": { "a": { "say": { "en-US": "Hi." }, "hangup": true } } }""",
        "step 'a', say: say is given in languages (en-US), but the flow declares none")]
    [InlineData("""{ "languages": ["en-US"], "start": "a", "steps": { "a": { "say": { "en-US": "Hi.", "de-DE": "Hallo." }, "hangup": true } } }""",
        "step 'a', say: de-DE is not one of the flow's languages (en-US)")]
    [InlineData("""{ "languages": ["en-US", "es-MX"], "start": "a", "steps": { "a": { "say": { "en-US": "Hi.", "es-MX": "Hola." }, "ask": { "max_digits": 1, "choices": { "1": "hangup" }, "invalid_input": { "say": { "en-US": "No." } } } } } }""",
        "step 'a', ask.invalid_input.say: missing the text in es-MX")]
    [InlineData("""{ "languages": ["en-US"], "language": "en-US", "start": "a", "steps": { "a": { "say": { "en-US": "Hi." }, "hangup": true } } }""",
        "language: give languages or language, not both")]
    public void Every_declared_language_is_required_for_every_prompt(string json, string error)
    {
        var result = Load(json);

        Assert.Contains(result.Errors, e => e.ToString().Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void A_language_Telesign_is_not_known_to_speak_is_a_warning()
    {
        var result = Load("""{ "languages": ["en-US", "xx-YY"], "start": "a", "steps": { "a": { "say": { "en-US": "Hi.", "xx-YY": "Hi." }, "hangup": true } } }""");

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("languages", warning.Field);
        Assert.StartsWith("'xx-YY' is not a TTS language Telesign is known to speak", warning.Message, StringComparison.Ordinal);
    }
}

using TelesignVoice.Flows;
using TelesignVoice.Simulator;

namespace TelesignVoice.Tests.Flows;

/// <summary>Flow files are plain JSON: the mistakes lenient readers forgive are refused with file, step and key.</summary>
public sealed class FlowFileStrictnessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("strict-flows-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FlowLoadResult Load(string json)
    {
        Directory.CreateDirectory(Path.Combine(_root, "flows"));
        File.WriteAllText(Path.Combine(_root, "flows", "default.json"), json);
        return FlowLoader.LoadFrom(new FlowOptions(), _root, [], new HashSet<string>());
    }

    private IReadOnlyList<string> Errors(string json) => [.. Load(json).Errors.Select(e => e.ToString())];

    [Fact]
    public void A_step_name_given_twice_is_refused_naming_the_file_and_the_step()
    {
        var errors = Errors("""
            { "start": "menu", "steps": {
                "menu": { "say": "For sales, press 1.", "ask": { "max_digits": 1, "choices": { "1": "bye" } } },
                "bye": { "say": "Goodbye.", "hangup": true },
                "menu": { "say": "Press 2.", "ask": { "max_digits": 1, "choices": { "2": "bye" } } } } }
            """);

        Assert.Equal(["flows/default.json, step 'menu': given twice: two steps cannot share a name; rename or remove one"], errors);
    }

    [Theory]
    [InlineData("""{ "start": "menu", "start": "bye", "steps": { "menu": { "say": "Hi", "next": "bye" }, "bye": { "say": "Bye.", "hangup": true } } }""",
        "flows/default.json, start: given twice; keep one (JSON would silently use the last)")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "say": "Hello", "next": "hangup" } } }""",
        "flows/default.json, step 'menu', say: given twice; keep one (JSON would silently use the last)")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "1": "hangup", "2": "hangup", "1": "menu" } } } } }""",
        "flows/default.json, step 'menu', ask.choices.1: given twice; keep one (JSON would silently use the last)")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "1": "hangup" }, "no_input": { "say": "a", "say": "b" } } } } }""",
        "flows/default.json, step 'menu', ask.no_input.say: given twice; keep one (JSON would silently use the last)")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "transfer": { "to": "15551230000", "to": "15551230001" } } } }""",
        "flows/default.json, step 'menu', transfer.to: given twice; keep one (JSON would silently use the last)")]
    public void Any_key_given_twice_is_refused_naming_the_step_and_the_key(string json, string expected)
    {
        Assert.Contains(expected, Errors(json));
    }

    [Fact]
    public void A_comment_is_refused_with_its_line()
    {
        var errors = Errors("""
            {
              "start": "bye",
              // the only step
              "steps": { "bye": { "say": "Goodbye.", "hangup": true } }
            }
            """);

        Assert.Contains("flows/default.json: a comment (line 3): flow files are plain JSON, which has no comments; put notes in \"description\"", errors);
    }

    [Fact]
    public void A_block_comment_is_refused_too()
    {
        Assert.Contains(
            "flows/default.json: a comment (line 1): flow files are plain JSON, which has no comments; put notes in \"description\"",
            Errors("""{ /* note */ "start": "bye", "steps": { "bye": { "say": "Goodbye.", "hangup": true } } }"""));
    }

    [Theory]
    [InlineData("{\n  \"start\": \"bye\",\n  \"steps\": { \"bye\": { \"say\": \"Goodbye.\", \"hangup\": true, } }\n}", 3)]
    [InlineData("{\n  \"start\": \"bye\",\n  \"steps\": { \"bye\": { \"say\": \"Goodbye.\", \"play\": [\"https://example.com/a.wav\",], \"hangup\": true } }\n}", 3)]
    public void A_trailing_comma_is_refused_with_its_line(string json, int line)
    {
        Assert.Contains(
            $"flows/default.json: a trailing comma (line {line}): remove the comma after the last entry of the object or list",
            Errors(json));
    }

    [Fact]
    public void Text_that_is_not_JSON_at_all_still_says_where()
    {
        Assert.Contains("flows/default.json: not valid JSON (line 2, byte 12)", Errors("{\n  \"start\": bye\n}"));
    }

    [Fact]
    public void A_description_holds_the_notes_a_comment_would()
    {
        var result = Load("""{ "description": "the only step", "start": "bye", "steps": { "bye": { "description": "says goodbye", "say": "Goodbye.", "hangup": true } } }""");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Telesign_stops_collecting_at_max_so_a_seven_key_entry_reaches_a_six_digit_ask_as_six()
    {
        Assert.Equal("123456", DigitCollector.Collect("1234567", 6, terminators: null));
        Assert.Equal("123", DigitCollector.Collect("123#45", 6, "#"));
    }
}

/// <summary>max_digits walked over HTTP through the simulator, with the default settings.</summary>
public class MaxDigitsTests(WrittenFlowsHost host) : IClassFixture<WrittenFlowsHost>
{
    [Fact]
    public async Task Seven_keys_at_a_six_digit_ask_are_collected_as_the_first_six_and_saved()
    {
        using var client = host.CreateOperatorClient();

        var view = await SendDigitsTests.PlaceAsync(client, "six-digits", "1234567");

        Assert.Equal(
            [
                "hears \"Enter your 6 digit code.\"",
                "presses 1234567 (collected \"123456\")",
                "hears \"You entered 1 2 3 4 5 6. Goodbye.\"",
            ],
            SendDigitsTests.CallerLines(view));
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Telesign && l.Text.Contains("\"collected_digits\":\"123456\"", StringComparison.Ordinal));
        Assert.Contains(view.Lines, l => l.Who == TranscriptSpeakers.Server && l.Text.Contains("\"collect_digits\":{\"max\":6}", StringComparison.Ordinal));
    }
}

/// <summary>The shipped pin-capture flow (max_digits 6, ends with #), walked with the default settings.</summary>
public class PinCaptureMaxDigitsTests(TelesignVoice.Tests.Support.SimulatorHost host) : IClassFixture<TelesignVoice.Tests.Support.SimulatorHost>
{
    [Fact]
    public async Task A_seven_digit_pin_is_read_back_as_its_first_six_and_can_be_entered_again()
    {
        using var client = host.CreateOperatorClient();

        var view = await SendDigitsTests.PlaceAsync(client, "pin-capture", "1234567#", "2", "4321#", "1");

        Assert.Equal(
            [
                "hears \"Please enter your PIN of 4 to 6 digits, then press the pound key.\"",
                "presses 1234567# (collected \"123456\")",
                "hears \"You entered 1 2 3 4 5 6. Press 1 if that is right, or 2 to enter it again.\"",
                "presses 2",
                "hears \"Please enter your PIN of 4 to 6 digits, then press the pound key.\"",
                "presses 4321# (collected \"4321\")",
                "hears \"You entered 4 3 2 1. Press 1 if that is right, or 2 to enter it again.\"",
                "presses 1",
                "hears \"Thank you, your PIN is confirmed. Goodbye.\"",
            ],
            SendDigitsTests.CallerLines(view));
    }
}

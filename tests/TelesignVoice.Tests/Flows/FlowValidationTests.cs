using Microsoft.Extensions.Options;
using TelesignVoice.Flows;
using Microsoft.Extensions.Hosting;

namespace TelesignVoice.Tests.Flows;

/// <summary>Flows written to a temporary folder and loaded by the same loader and validator as at startup.</summary>
public sealed class FlowValidationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flows-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FlowLoadResult Load(string json, FlowOptions? options = null, params string[] codeSteps)
    {
        Directory.CreateDirectory(Path.Combine(_root, "flows"));
        File.WriteAllText(Path.Combine(_root, "flows", "default.json"), json);
        return FlowLoader.LoadFrom(options ?? new FlowOptions(), _root, [], codeSteps.ToHashSet(StringComparer.Ordinal));
    }

    private static string Flow(string steps, string start = "menu") => $$"""{ "start": "{{start}}", "steps": { {{steps}} } }""";

    private const string Bye = """ "bye": { "say": "Goodbye.", "hangup": true } """;

    [Fact]
    public void The_shipped_flows_are_valid()
    {
        var result = FlowLoader.LoadFrom(new FlowOptions(), Path.Combine(AppContext.BaseDirectory), [], new HashSet<string>());

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(["appointment-reminder", "default", "pin-capture", "support-menu"], result.Flows.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{ "$schema": "x", "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "1": "nowhere" } } } } }""",
        "flows/default.json, step 'menu', ask.choices.1: unknown step 'nowhere'")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "next": "elsewhere" } } }""",
        "flows/default.json, step 'menu', next: unknown step 'elsewhere'")]
    [InlineData("""{ "start": "nope", "steps": { "menu": { "say": "Hi", "hangup": true } } }""",
        "flows/default.json, start: unknown step 'nope'")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "ask": { "max_digits": 1, "choices": { "1": "hangup" } } } } }""",
        "flows/default.json, step 'menu', say: missing text or URL")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "play": "", "next": "hangup" } } }""",
        "flows/default.json, step 'menu', play: missing URL")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "play": "menu.wav", "next": "hangup" } } }""",
        "flows/default.json, step 'menu', play: 'menu.wav' is relative: set Flows:AudioBaseUrl")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "x": "hangup" } } } } }""",
        "flows/default.json, step 'menu', ask.choices: key 'x' cannot be typed on a phone keypad (use 0-9, * and #)")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 4, "min_digits": 6, "save_as": "pin" }, "next": "hangup" } } }""",
        "flows/default.json, step 'menu', ask.min_digits: must be between 1 and max_digits (4), but is 6")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "end_keys": "#", "choices": { "#": "hangup" } } } } }""",
        "flows/default.json, step 'menu', ask.choices: key '#' uses an end key (#), which ends the entry and can never be chosen")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 6, "end_keys": "#", "allowed_digits": "0123456789#", "save_as": "pin" }, "next": "hangup" } } }""",
        "flows/default.json, step 'menu', ask.allowed_digits: '#' is also an end key")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "repeat_key": "9", "choices": { "9": "hangup" } } } } }""",
        "flows/default.json, step 'menu', ask.repeat_key: '9' is also a choice")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "12": "hangup" } } } } }""",
        "flows/default.json, step 'menu', ask.choices: key '12' is longer than max_digits (1)")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 4, "pattern": "[0-9", "save_as": "x" }, "next": "hangup" } } }""",
        "flows/default.json, step 'menu', ask.pattern: '[0-9' is not a valid regular expression")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1 } } } }""",
        "flows/default.json, step 'menu', ask: needs choices (key → step) or save_as")]
    [InlineData("""{ "start": "a", "steps": { "a": { "say": "A", "next": "b" }, "b": { "say": "B", "next": "a" } } }""",
        "flows/default.json, step 'a': no way out of the loop a → b → a: none of the steps a, b ever leads to hangup or a transfer")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "transfer": "15551230000" } } }""",
        "flows/default.json, step 'menu', transfer: a transfer that starts a flow (or is its on_error step) needs a say or play first")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "1": "dtmf" } } }, "dtmf": { "send_digits": "12", "next": "hangup" } } }""",
        "flows/default.json, step 'dtmf', send_digits: send_digits only works as the first step of an outbound call")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "sya": "Hi", "say": "Hi", "next": "hangup" } } }""",
        "flows/default.json, step 'menu', sya: unknown field; expected one of:")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "hangup": true, "transfer": "1555" } } }""",
        "flows/default.json, step 'menu': a step does one thing, but this one has transfer and hangup")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "code": "lookup", "results": { "ok": "hangup" } } } }""",
        "flows/default.json, step 'menu', code: no code step named 'lookup' is registered")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": 5, "next": "hangup" } } }""",
        "flows/default.json, step 'menu', say: must be text")]
    [InlineData("""{ "start": "menu", "steps": { "menu": { "say": "Hi", "next": "hangup" }, } }, """,
        "flows/default.json: not valid JSON (line 1")]
    [InlineData("""{ "start": "hangup", "steps": { "hangup": { "say": "Hi", "hangup": true } } }""",
        "flows/default.json, step 'hangup': \"hangup\" is reserved")]
    public void An_invalid_flow_is_refused_naming_file_step_and_field(string json, string expected)
    {
        var errors = Load(json).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Unreachable_steps_are_warnings_not_errors()
    {
        var result = Load(Flow($$""" "menu": { "say": "Hi", "next": "hangup" }, {{Bye}} """));

        Assert.Empty(result.Errors);
        Assert.Equal("flows/default.json, step 'bye': unreachable: no call can get to this step", Assert.Single(result.Warnings).ToString());
    }

    [Fact]
    public void An_unknown_default_flow_or_inbound_flow_is_refused()
    {
        var options = new FlowOptions { DefaultFlow = "main" };
        options.Inbound["15550001111"] = "ghost";

        var errors = Load(Flow(""" "menu": { "say": "Hi", "next": "hangup" } """), options).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains("Flows:DefaultFlow: no flow named 'main' (flows: default)", errors);
        Assert.Contains("Flows:Inbound:15550001111: no flow named 'ghost' (flows: default)", errors);
    }

    [Fact]
    public void A_registered_code_step_and_a_relative_url_with_a_base_are_accepted()
    {
        var options = new FlowOptions { AudioBaseUrl = "https://voice.example.com/audio/" };

        var result = Load(Flow(""" "menu": { "code": "lookup", "results": { "ok": "hello" } }, "hello": { "play": ["hello.wav", "{name}.wav"], "next": "hangup" } """), options, "lookup");

        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task The_server_refuses_to_start_and_lists_every_problem()
    {
        Load(Flow(""" "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "x": "nowhere" } } } """));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _root, EnvironmentName = "Testing" });
        builder.Services.AddFlows();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("flows/default.json, step 'menu', ask.choices: key 'x' cannot be typed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("flows/default.json, step 'menu', ask.choices.x: unknown step 'nowhere'", exception.Message, StringComparison.Ordinal);
    }
}

using System.Diagnostics.Metrics;
using System.Net;
using TelesignVoice.Observability;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>A flow written for the edge cases: relative and templated audio URLs, a templated transfer, no on_error.</summary>
public sealed class EdgeFlowFactory : FlowsFactory
{
    public const string EdgeNumber = "15550004444";

    public EdgeFlowFactory()
        : base(mapSampleNumbers: false)
    {
        Root = Directory.CreateTempSubdirectory("edge-flows-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "flows"));
        Directory.CreateDirectory(Path.Combine(Root, "audio"));
        File.WriteAllBytes(Path.Combine(Root, "audio", "intro.wav"), [0x52, 0x49, 0x46, 0x46]);
        File.WriteAllText(Path.Combine(Root, "flows", "default.json"), """{ "start": "bye", "steps": { "bye": { "say": "Bye.", "hangup": true } } }""");
        File.WriteAllText(Path.Combine(Root, "flows", "edge.json"), """
            {
              "start": "hello",
              "steps": {
                "hello": {
                  "play": ["intro.wav", "names/{name}.wav"],
                  "ask": { "max_digits": 1, "choices": { "1": "agent" }, "attempts": 2 }
                },
                "agent": { "transfer": { "to": "{agent}", "caller_id": "{from}" } }
              }
            }
            """);
        // A pattern that makes a backtracking engine take exponential time on a long run of 1s.
        File.WriteAllText(Path.Combine(Root, "flows", "patterned.json"), """
            {
              "start": "code",
              "steps": {
                "code": {
                  "say": "Enter the code.",
                  "ask": { "max_digits": 40, "pattern": "(1+)+2", "save_as": "code", "attempts": 2, "give_up": "ok" },
                  "next": "ok"
                },
                "ok": { "say": "Thanks.", "hangup": true }
              }
            }
            """);
        WithSettings(new Dictionary<string, string?>
        {
            ["Flows:Path"] = Path.Combine(Root, "flows"),
            ["Flows:AudioPath"] = Path.Combine(Root, "audio"),
            ["Flows:AudioBaseUrl"] = "https://cdn.example.com/audio",
            [$"Flows:Inbound:{EdgeNumber}"] = "edge",
        });
    }

    public string Root { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public class FlowEngineTests(EdgeFlowFactory factory) : IClassFixture<EdgeFlowFactory>
{
    private const string Hello =
        """{"jsonrpc":"2.0","method":"play_multiple","params":{"urls":["https://cdn.example.com/audio/intro.wav","https://cdn.example.com/audio/names/Ada%20Lovelace.wav"],"collect_digits":{"max":1}}}""";

    private static readonly Dictionary<string, string> Variables = new() { ["name"] = "Ada Lovelace", ["agent"] = "15551112222" };

    [Fact]
    public async Task Relative_and_templated_audio_urls_resolve_and_a_templated_transfer_dials_the_variable()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("edge", Variables));

        JsonAssert.Equivalent(Hello, await walk.DialCompletedAsync());
        JsonAssert.Equivalent(Expect.Dial("15551112222", callerId: "15554441313"), await walk.PlayCompletedAsync("1"));
        JsonAssert.Equivalent(Expect.Hangup, await walk.CallLegCompletedAsync());
    }

    [Fact]
    public async Task A_transfer_to_a_variable_that_is_not_a_phone_number_hangs_up_instead_of_dialling_it()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("edge", new Dictionary<string, string> { ["name"] = "Ada", ["agent"] = "sales desk" }));

        await walk.DialCompletedAsync();
        JsonAssert.Equivalent(Expect.Hangup, await walk.PlayCompletedAsync("1"));
    }

    [Fact]
    public async Task A_pattern_that_would_backtrack_forever_still_answers_a_long_entry()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("patterned", new Dictionary<string, string>()));

        await walk.DialCompletedAsync();
        var answer = await walk.SpeakCompletedAsync(new string('1', 40));

        Assert.Equal("speak", System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_missing_variable_with_no_on_error_step_hangs_up_instead_of_playing()
    {
        var walk = CallWalk.Start(factory);

        JsonAssert.Equivalent(Expect.Hangup, await walk.IncomingCallAsync(EdgeFlowFactory.EdgeNumber));
        Assert.Null((await factory.FindCallAsync(walk.ReferenceId))!.Step);
    }

    [Fact]
    public async Task Prompt_misses_are_counted_by_flow_step_and_kind()
    {
        var misses = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelesignVoiceMetrics.MeterName && instrument.Name == "telesignvoice.flow.prompt_misses")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (values["flow"] == "edge")
            {
                lock (misses)
                {
                    misses.Add($"{values["step"]}:{values["kind"]}");
                }
            }
        });
        listener.Start();
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("edge", Variables));
        await walk.DialCompletedAsync();

        JsonAssert.Equivalent(Hello, await walk.PlayCompletedAsync());
        JsonAssert.Equivalent(Expect.Hangup, await walk.PlayCompletedAsync("5"));

        lock (misses)
        {
            Assert.Equal(["hello:no_input", "hello:invalid_input"], misses);
        }
    }

    [Fact]
    public async Task Audio_files_of_Flows_AudioPath_are_served_under_audio_and_nothing_outside_it()
    {
        using var client = factory.CreateClient();

        using var audio = await client.GetAsync(new Uri("/audio/intro.wav", UriKind.Relative));
        using var outside = await client.GetAsync(new Uri("/audio/..%2Fflows%2Fedge.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x52, 0x49, 0x46, 0x46], await audio.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task An_unknown_event_hangs_up_and_ends_the_flow()
    {
        var walk = CallWalk.Start(factory, await factory.SeedOutboundCallAsync("edge", Variables));
        await walk.DialCompletedAsync();

        JsonAssert.Equivalent(Expect.Hangup, await walk.PostAsync("recording_completed", """{"file":"x.wav"}"""));
        Assert.Null((await factory.FindCallAsync(walk.ReferenceId))!.Step);
    }
}

using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Telesign;

namespace TelesignVoice.Tests.Flows;

/// <summary>The notify step kind in a flow file: what the loader accepts, what it refuses, and what it fills in.</summary>
public sealed class NotifyStepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("notify-flows-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FlowLoadResult Load(string steps)
    {
        Directory.CreateDirectory(Path.Combine(_root, "flows"));
        File.WriteAllText(Path.Combine(_root, "flows", "default.json"), $$"""{ "start": "menu", "steps": { {{steps}} } }""");
        return FlowLoader.LoadFrom(new FlowOptions(), _root, [], new HashSet<string>(StringComparer.Ordinal));
    }

    private const string Menu = """ "menu": { "say": "Press 1.", "ask": { "max_digits": 1, "choices": { "1": "tell" } } }, """;
    private const string Bye = """ "bye": { "say": "Goodbye.", "hangup": true } """;

    [Fact]
    public void A_notify_step_with_values_and_next_loads()
    {
        var result = Load(Menu + """ "tell": { "notify": { "choice": "{digits}", "confirmed": "yes" }, "next": "bye" }, """ + Bye);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        var step = result.Flows["default"].Steps["tell"];
        Assert.Equal(new Dictionary<string, string> { ["choice"] = "{digits}", ["confirmed"] = "yes" }, step.Notify);
        Assert.True(step.RunsInPlace);
    }

    [Theory]
    [InlineData(""" "tell": { "notify": { "confirmed": "yes" } }, """, "step 'tell', next: missing")]
    [InlineData(""" "tell": { "notify": { "confirmed": "yes" }, "say": "Thanks", "next": "bye" }, """, "step 'tell', say: a notify step says nothing")]
    [InlineData(""" "tell": { "notify": { "confirmed": 1 }, "next": "bye" }, """, "step 'tell', notify.confirmed: must be text")]
    [InlineData(""" "tell": { "notify": "yes", "next": "bye" }, """, "step 'tell', notify: must be an object")]
    [InlineData(""" "tell": { "notify": { }, "next": "bye" }, """, "step 'tell', notify: has no values")]
    [InlineData(""" "tell": { "notify": { "1st": "yes" }, "next": "bye" }, """, "step 'tell', notify.1st: names are 1 to 64 letters")]
    [InlineData(""" "tell": { "notify": { "a": "yes" }, "hangup": true }, """, "a step does one thing, but this one has hangup and notify")]
    [InlineData(""" "tell": { "notify": { "a": "yes" }, "next": "nowhere" }, """, "step 'tell', next: unknown step 'nowhere'")]
    public void A_bad_notify_step_is_refused_naming_the_step_and_field(string tell, string expected)
    {
        var result = Load(Menu + tell + Bye);

        Assert.Contains(result.Errors, error => error.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Values_are_filled_from_the_call_and_the_latest_entry()
    {
        var flow = Load(Menu + """ "tell": { "notify": { "choice": "{digits}", "who": "{name}", "when": "{when}", "call": "{reference_id}" }, "next": "bye" }, """ + Bye)
            .Flows["default"];
        var call = new CallRecord
        {
            ReferenceId = "REF-1",
            Direction = TelesignDirections.Outbound,
            Status = CallStatuses.InProgress,
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
            Variables = new Dictionary<string, string> { ["name"] = "Ada" },
            Digits = [new CollectedDigits("menu", "9", DateTimeOffset.UnixEpoch), new CollectedDigits("menu", "1", DateTimeOffset.UnixEpoch)],
        };

        var result = FlowNotify.Result(flow, "tell", flow.Steps["tell"], call);

        Assert.Equal(("default", "tell"), (result.Flow, result.Step));
        Assert.Equal(new Dictionary<string, string?> { ["choice"] = "1", ["who"] = "Ada", ["when"] = null, ["call"] = "REF-1" }, result.Values);
    }
}

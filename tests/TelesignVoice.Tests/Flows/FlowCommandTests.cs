using TelesignVoice.Flows.Testing;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary><c>flows check</c> and <c>flows test</c>, run as Program.cs runs them, over the samples and over flows written here.</summary>
public sealed class FlowCommandTests : IDisposable
{
    private const string Menu = """
        { "language": "en-US", "start": "menu", "steps": {
            "menu": { "say": "Press 1 for news.", "ask": { "max_digits": 1, "choices": { "1": "news" }, "attempts": 2, "give_up": "bye" } },
            "news": { "say": "No news today.", "hangup": true },
            "bye": { "say": "Bye.", "hangup": true } } }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FlowCommands.RunAsync(args, output);
        return (exit, output.ToString());
    }

    private void Write(string name, string json) => File.WriteAllText(_folder.File(name), json);

    [Fact]
    public async Task Every_sample_flow_has_tests_and_they_pass()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "flows");

        var (exit, output) = await RunAsync("test", samples);

        Assert.True(exit == FlowCommands.Passed, output);
        Assert.DoesNotContain("has no tests", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("  PASS  sales is announced, then transferred", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\d+ passed, 0 failed", output);
    }

    [Fact]
    public async Task A_failing_case_prints_a_diff_and_exits_1()
    {
        Write("news.json", Menu);
        Write("news.test.json", """
            { "cases": [
              { "name": "1 gives the news", "caller": ["1"], "expect": { "heard": ["Press 1 for news.", "No news today."], "final_step": "news" } },
              { "name": "silence gives the news too", "caller": ["", ""],
                "expect": { "heard": ["Press 1 for news.", "No news today."], "actions": ["speak", "speak", "hangup"], "final_step": "news", "variables": { "topic": "sport" } } }
            ] }
            """);

        var (exit, output) = await RunAsync("test", _folder.Path);

        Assert.Equal(FlowCommands.Failed, exit);
        Assert.Contains("  PASS  1 gives the news", output, StringComparison.Ordinal);
        Assert.Contains("  FAIL  silence gives the news too", output, StringComparison.Ordinal);
        Assert.Contains("heard (- expected, + actual):", output, StringComparison.Ordinal);
        Assert.Contains("      1   Press 1 for news.", output, StringComparison.Ordinal);
        Assert.Contains("      2 - No news today.", output, StringComparison.Ordinal);
        Assert.Contains("      2 + Press 1 for news.", output, StringComparison.Ordinal);
        Assert.Contains("      3 + Bye.", output, StringComparison.Ordinal);
        Assert.Contains("final_step: expected 'news', but the call ended at 'bye'", output, StringComparison.Ordinal);
        Assert.Contains("variables.topic: expected \"sport\", but the call has no such variable", output, StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 1 failed" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbound_cases_are_given_variables_at_dial_and_transfers_have_outcomes()
    {
        Write("callback.json", """
            { "language": "en-US", "start": "hello", "steps": {
                "hello": { "say": "Hello {name}. Connecting you.", "transfer": { "to": "15555550100", "after": "survey" } },
                "survey": { "say": "Rate us from 1 to 5.", "ask": { "max_digits": 1, "allowed_digits": "12345", "save_as": "score", "attempts": 1 }, "next": "thanks" },
                "thanks": { "say": "Thanks, {name}.", "hangup": true } } }
            """);
        Write("callback.test.json", """
            { "cases": [
              { "name": "agent answers, then the survey", "direction": "outbound", "variables": { "name": "Ada" }, "caller": ["5"],
                "expect": { "heard": ["Hello Ada. Connecting you.", "Rate us from 1 to 5.", "Thanks, Ada."], "actions": ["speak", "dial 15555550100", "speak", "speak", "hangup"], "variables": { "score": "5", "name": "Ada" } } },
              { "name": "the caller hangs up during the transfer", "direction": "outbound", "variables": { "name": "Ada" }, "transfers": ["hangup"],
                "expect": { "actions": ["speak", "dial 15555550100"], "final_step": "hello" } }
            ] }
            """);

        var (exit, output) = await RunAsync("test", _folder.Path);

        Assert.True(exit == FlowCommands.Passed, output);
    }

    [Theory]
    [InlineData("news.test.json", """{ "cases": [ { "name": "x", "caller": ["1"], "expect": { "herd": ["Press 1 for news."] } } ] }""", "news.test.json: $.cases[0].expect.herd: unknown field")]
    [InlineData("news.test.json", """{ "cases": [ { "name": "x", "caller": ["one"], "expect": { "final_step": "news" } } ] }""", "caller: 'one' must be keys of a phone keypad")]
    [InlineData("news.test.json", """{ "cases": [ { "name": "x" } ] }""", "expect: missing")]
    [InlineData("news.test.json", """{ "cases": [ """, "news.test.json: ")]
    [InlineData("weather.test.json", """{ "cases": [ { "name": "x", "expect": { "final_step": "news" } } ] }""", "weather.test.json: no flow named 'weather'")]
    public async Task A_test_file_that_cannot_be_run_is_bad_input_and_exits_2(string name, string json, string message)
    {
        Write("news.json", Menu);
        Write(name, json);

        var (exit, output) = await RunAsync("test", _folder.Path);

        Assert.Equal(FlowCommands.BadInput, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_lists_every_mistake_of_an_invalid_flow_and_exits_1()
    {
        Write("news.json", Menu.Replace("\"news\" }", "\"nowhere\" }", StringComparison.Ordinal));

        var (exit, output) = await RunAsync("check", _folder.Path);

        Assert.Equal(FlowCommands.Failed, exit);
        Assert.Contains("error: ", output, StringComparison.Ordinal);
        Assert.Contains("step 'menu', ask.choices.1: unknown step 'nowhere'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("test")]
    public async Task A_folder_that_does_not_exist_exits_2(string command)
    {
        var (exit, output) = await RunAsync(command, _folder.File("missing"));

        Assert.Equal(FlowCommands.BadInput, exit);
        Assert.Contains("no such folder", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_of_valid_flows_exits_0_and_an_unknown_command_2()
    {
        Write("news.json", Menu);

        Assert.Equal(FlowCommands.Passed, (await RunAsync("check", _folder.Path)).Exit);
        Assert.Equal(FlowCommands.BadInput, (await RunAsync("run", _folder.Path)).Exit);
    }
}

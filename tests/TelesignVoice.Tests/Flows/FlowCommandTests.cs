using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Flows;
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

    /// <summary>The code flow of docs/flows.md as a file, telling the accounts system what it found.</summary>
    private const string Balance = """
        { "language": "en-US", "start": "account", "on_error": "sorry", "steps": {
            "account": { "say": "Enter your account number, then press pound.",
                         "ask": { "max_digits": 8, "min_digits": 4, "end_keys": "#", "save_as": "account", "attempts": 1 }, "next": "lookup" },
            "lookup": { "code": "lookup-account", "results": { "found": "tell", "not_found": "unknown" }, "sets": ["balance"] },
            "tell": { "notify": { "balance": "{balance}", "account": "{account}" }, "next": "balance" },
            "balance": { "say": "Your balance is {balance} dollars. Goodbye.", "hangup": true },
            "unknown": { "say": "We do not know that account. Goodbye.", "hangup": true },
            "sorry": { "say": "Sorry, we cannot look up accounts right now. Goodbye.", "hangup": true } } }
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<(int Exit, string Output)> RunAsync(params string[] args) => RunAsync(null, args);

    private static async Task<(int Exit, string Output)> RunAsync(Action<IServiceCollection>? flowCode, params string[] args)
    {
        using var output = new StringWriter();
        var exit = await FlowCommands.RunAsync(args, output, flowCode);
        return (exit, output.ToString());
    }

    private static void LookupAccount(IServiceCollection services) => services.AddFlowStep<AccountLookupStep>("lookup-account");

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

    [Fact]
    public async Task A_code_step_the_server_registers_runs_in_the_tests_and_notifications_are_compared()
    {
        Write("balance.json", Balance);
        Write("balance.test.json", """
            { "cases": [
              { "name": "a known account hears its balance and the accounts system is told", "caller": ["1234#"],
                "expect": { "heard": ["Enter your account number, then press pound.", "Your balance is 42 dollars. Goodbye."], "final_step": "balance",
                            "variables": { "balance": "42" },
                            "notifications": [ { "type": "flow.result", "data": { "flow": "balance", "step": "tell", "values": { "account": "1234", "balance": "42" } } } ] } },
              { "name": "an unknown account is told so, and nothing is notified", "caller": ["9999#"],
                "expect": { "final_step": "unknown", "notifications": [] } }
            ] }
            """);

        var (exit, output) = await RunAsync(LookupAccount, "test", _folder.Path);

        Assert.True(exit == FlowCommands.Passed, output);
        Assert.Contains("  PASS  a known account hears its balance and the accounts system is told", output, StringComparison.Ordinal);
        Assert.Contains("2 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_that_differ_print_a_diff_and_exit_1()
    {
        Write("balance.json", Balance);
        Write("balance.test.json", """
            { "cases": [
              { "name": "the wrong balance is expected", "caller": ["1234#"],
                "expect": { "notifications": [ { "data": { "step": "tell", "values": { "account": "1234", "balance": "41" } } },
                                               { "data": { "step": "tell-again" } } ] } },
              { "name": "nothing is expected, one is sent", "caller": ["1234#"], "expect": { "notifications": [] } }
            ] }
            """);

        var (exit, output) = await RunAsync(LookupAccount, "test", _folder.Path);

        Assert.Equal(FlowCommands.Failed, exit);
        Assert.Contains("  FAIL  the wrong balance is expected", output, StringComparison.Ordinal);
        Assert.Contains("notifications (- expected, + actual):", output, StringComparison.Ordinal);
        Assert.Contains(""" 1 - flow.result {"step":"tell","values":{"account":"1234","balance":"41"}}""", output, StringComparison.Ordinal);
        Assert.Contains(""" 1 + flow.result {"step":"tell","values":{"account":"1234","balance":"42"}}""", output, StringComparison.Ordinal);
        Assert.Contains(""" 2 - flow.result {"step":"tell-again"}""", output, StringComparison.Ordinal);
        // With nothing expected, the one sent is shown whole but for the call's ids.
        Assert.Contains(""" 1 + flow.result {"flow":"balance","step":"tell","values":{"balance":"42","account":"1234"}}""", output, StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 2 failed" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_step_that_throws_fails_its_case_even_when_on_error_was_expected()
    {
        Write("balance.json", Balance);
        Write("balance.test.json", """
            { "cases": [ { "name": "the accounts system is down", "caller": ["0000#"], "expect": { "final_step": "sorry" } } ] }
            """);

        var (exit, output) = await RunAsync(LookupAccount, "test", _folder.Path);

        Assert.Equal(FlowCommands.Failed, exit);
        Assert.Contains("  FAIL  the accounts system is down", output, StringComparison.Ordinal);
        Assert.Contains("code step 'lookup' threw InvalidOperationException: The accounts system is down.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_step_the_server_cannot_build_fails_its_case_with_the_reason()
    {
        Write("balance.json", Balance);
        Write("balance.test.json", """
            { "cases": [ { "name": "a known account", "caller": ["1234#"], "expect": { "final_step": "balance" } } ] }
            """);

        var (exit, output) = await RunAsync(services => services.AddFlowStep<StepNeedingAccounts>("lookup-account"), "test", _folder.Path);

        Assert.Equal(FlowCommands.Failed, exit);
        Assert.Contains("  FAIL  a known account", output, StringComparison.Ordinal);
        Assert.Contains("the server could not answer an event (InvalidOperationException: Unable to resolve service for type", output, StringComparison.Ordinal);
        Assert.Contains("IAccountsDirectory", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_step_the_server_does_not_register_is_an_error_naming_it_and_exits_1()
    {
        Write("balance.json", Balance);
        Write("balance.test.json", """{ "cases": [ { "name": "x", "caller": ["1234#"], "expect": { "final_step": "balance" } } ] }""");

        var (exit, output) = await RunAsync("test", _folder.Path);

        Assert.Equal(FlowCommands.Failed, exit);
        Assert.Contains("step 'lookup', code: no code step named 'lookup-account' is registered", output, StringComparison.Ordinal);
        Assert.Contains("code steps known here: none; the server's code steps are registered in TelesignVoiceApplication.AddFlowCode", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "call.completed" }""", "expect.notifications[0].type: 'call.completed' cannot be expected")]
    [InlineData("""{ "data": ["tell"] }""", "expect.notifications[0].data: must be an object")]
    [InlineData("""{ "date": {} }""", "$.cases[0].expect.notifications[0].date: unknown field")]
    public async Task A_notification_expectation_that_cannot_be_checked_is_bad_input_and_exits_2(string notification, string message)
    {
        Write("news.json", Menu);
        Write("news.test.json", $$"""{ "cases": [ { "name": "x", "caller": ["1"], "expect": { "notifications": [ {{notification}} ] } } ] }""");

        var (exit, output) = await RunAsync("test", _folder.Path);

        Assert.Equal(FlowCommands.BadInput, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    /// <summary>What a code step may need from the server; not registered in the test that uses it.</summary>
    public interface IAccountsDirectory
    {
        string? Balance(string account);
    }

    private sealed class StepNeedingAccounts(IAccountsDirectory accounts) : IFlowStep
    {
        public ValueTask<FlowStepResult> RunAsync(FlowStepContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new FlowStepResult(accounts.Balance(context.Variables["account"]) is null ? "not_found" : "found"));
    }
}

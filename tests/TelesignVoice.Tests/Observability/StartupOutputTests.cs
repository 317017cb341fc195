using System.Text.RegularExpressions;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

/// <summary>What an operator reads when the server refuses its flows: the real process, its real output.</summary>
public sealed class StartupOutputTests : IDisposable
{
    private readonly TempFolder _flows = new();

    public void Dispose() => _flows.Dispose();

    [Fact]
    public async Task A_refused_flow_set_prints_one_block_one_mistake_a_line_once_and_no_stack_trace()
    {
        File.WriteAllText(_flows.File("default.json"), """{ "start": "bye", "steps": { "bye": { "say": "Goodbye.", "hangup": true } } }""");
        File.WriteAllText(_flows.File("broken.json"), """
            { "start": "menu", "steps": {
                "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "1": "nowhere" } }, "nexxt": "bye" },
                "bye": { "say": "Bye.", "hangup": true } } }
            """);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Telesign__ApiKey"] = TestAccount.ApiKey,
            ["Telesign__CustomerId"] = TestAccount.CustomerId,
            ["Storage__Provider"] = "InMemory",
            ["Flows__Path"] = _flows.Path,
        };

        var (exitCode, output) = await AppProcess.RunToExitAsync(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var broken = _flows.File("broken.json");
        var expected = $"""
            TelesignVoice cannot start: fix these 2 mistakes in the configuration, then start again:
             - {broken}, step 'menu', nexxt: unknown field; expected one of: description, say, play, language, ask, transfer, send_digits, hangup, code, results, sets, next, notify
             - {broken}, step 'menu', ask.choices.1: unknown step 'nowhere' (steps: menu, bye, or "hangup")
            """;
        Assert.Contains(expected.ReplaceLineEndings(), output.ReplaceLineEndings(), StringComparison.Ordinal);
        Assert.Single(Regex.Matches(output, "cannot start"));
        Assert.Single(Regex.Matches(output, "nexxt"));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Loaded", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
    }
}

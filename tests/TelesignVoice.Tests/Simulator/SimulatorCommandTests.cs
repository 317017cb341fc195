using TelesignVoice.SimulatorCli;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The command-line front, run in-process against the app on Kestrel.</summary>
public class SimulatorCommandTests(MisbehavingHost host) : IClassFixture<MisbehavingHost>
{
    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        host.StartServer();
        using var client = host.CreateClient();
        using var output = new StringWriter();
        var exitCode = await SimulatorCommand.RunAsync(
            [.. args, "--server", client.BaseAddress!.ToString(), "--api-key", SimulatorHost.OperatorKey],
            output,
            output);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Inbound_command_prints_the_transcript_and_exits_0()
    {
        var (exitCode, output) = await RunAsync("inbound", "--from", "15555551212", "--to", "15558675309", "--press", "2");

        Assert.Equal(ExitCodes.Completed, exitCode);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^Simulated inbound call [0-9A-F]{32} from 15555551212 to 15558675309$", lines[0]);
        Assert.Equal("telesign  -> incoming_call {\"to\":\"15558675309\",\"from\":\"15555551212\"}", lines[1]);
        Assert.Equal(
            "server    <- play {\"url\":\"https://url-pointing-to-audio-file.com/file.wav\",\"collect_digits\":{\"max\":5,\"timeout\":10000,\"inter_digit_timeout\":3000,\"terminators\":\"*\"}}",
            lines[2]);
        Assert.Equal("caller       hears audio https://url-pointing-to-audio-file.com/file.wav", lines[3]);
        Assert.Equal("caller       presses 2", lines[4]);
        Assert.Equal("telesign  -> play_completed {\"status\":\"play_successful\",\"collected_digits\":\"2\"}", lines[5]);
        Assert.Equal("server    <- hangup", lines[6]);
        Assert.StartsWith("telesign  -> call_completed {\"duration\":5,", lines[7], StringComparison.Ordinal);
        Assert.Contains("Result: completed", lines, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Inbound_command_exits_1_when_the_server_answers_what_Telesign_would_refuse()
    {
        var (exitCode, output) = await RunAsync("inbound", "--from", "15555551212", "--to", "15558675309", "--press", "7");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("simulator !! Telesign would refuse the answer to play_completed: unsupported_call_state", output, StringComparison.Ordinal);
        Assert.Contains("Result: FAILED:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_operator_key_exits_2_and_says_which_option_to_check()
    {
        host.StartServer();
        using var client = host.CreateClient();
        using var output = new StringWriter();

        var exitCode = await SimulatorCommand.RunAsync(
            ["inbound", "--from", "15555551212", "--to", "15558675309", "--server", client.BaseAddress!.ToString(), "--api-key", "wrong"],
            output,
            output);

        Assert.Equal(ExitCodes.NotStarted, exitCode);
        Assert.Contains("HTTP 401 (check --api-key against the server's Operators:ApiKeys)", output.ToString(), StringComparison.Ordinal);
    }
}

using TelesignVoice.SimulatorCli;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Simulator;

/// <summary>The CLI's campaign command against the app on Kestrel (loopback), with numbers scripted in the simulator.</summary>
public sealed class CampaignCommandTests(CampaignSimulatorHost host) : IClassFixture<CampaignSimulatorHost>, IDisposable
{
    private readonly TempFolder _folder = new();

    private async Task<(int ExitCode, string Output)> RunAsync(string csv, params string[] args)
    {
        host.StartServer();
        using var client = host.CreateClient();
        var file = _folder.File("list.csv");
        await File.WriteAllTextAsync(file, csv);
        using var output = new StringWriter();
        var exitCode = await SimulatorCommand.RunAsync(
            ["campaign", "--csv", file, .. args, "--server", client.BaseAddress!.ToString(), "--api-key", SimulatorHost.OperatorKey],
            output,
            output);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Campaign_command_runs_the_csv_to_its_end_and_prints_counts_by_state_and_the_results()
    {
        using (var client = host.CreateOperatorClient())
        using (var scripted = await client.PutAsync(
            new Uri("/simulator/numbers/15557770101", UriKind.Relative),
            new StringContent("""{"attempts":[{"dial_status":"busy"},{"presses":["1"]}]}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(scripted.IsSuccessStatusCode, await scripted.Content.ReadAsStringAsync());
        }

        var (exitCode, output) = await RunAsync(
            "to,name\n15557770101,Ada\n15557770102,Grace\n15557770101,Ada again\n",
            "--flow", "default", "--calls-per-second", "20", "--retry", "busy=3,0");

        Assert.True(exitCode == ExitCodes.Completed, output);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^Campaign cmp_[0-9a-f]+ created: 2 recipients \\(1 duplicate rows called once\\), flow default, 20 calls/s$", lines[0]);
        Assert.Matches("^Campaign cmp_[0-9a-f]+ completed in [0-9]+\\.[0-9] s \\(first dial [0-9.]+ s after it was created\\)$", lines[1]);
        Assert.Equal("reached 2 (total 2)", lines[2]);
        Assert.Equal("Results:", lines[3]);
        Assert.StartsWith("id,to,external_id,state,", lines[4], StringComparison.Ordinal);
        Assert.Equal(2, lines.Skip(5).Count(line => line.Contains(",reached,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refused_csv_exits_2_naming_each_bad_row()
    {
        var (exitCode, output) = await RunAsync("to\n15557770201\nnot-a-number\n", "--flow", "default");

        Assert.True(exitCode == ExitCodes.NotStarted, output);
        Assert.StartsWith("The campaign was refused: HTTP 400", output, StringComparison.Ordinal);
        Assert.Contains("rows[3]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_csv_file_exits_2_and_names_it()
    {
        var (exitCode, output) = await RunAsync("to\n15557770301\n", "--flow", "default");
        var missing = _folder.File("absent.csv");
        using var writer = new StringWriter();

        var missingExit = await SimulatorCommand.RunAsync(["campaign", "--csv", missing, "--flow", "default", "--server", "http://127.0.0.1:1"], writer, writer);

        Assert.Equal(ExitCodes.Completed, exitCode);
        Assert.Equal(ExitCodes.NotStarted, missingExit);
        Assert.Contains($"--csv {missing} does not exist", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("reached 1 (total 1)", output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}

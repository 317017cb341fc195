using System.CommandLine;
using TelesignVoice.Simulator;

namespace TelesignVoice.SimulatorCli;

/// <summary>
/// <c>call</c> and <c>inbound</c> (<c>campaign</c> lives in <see cref="CampaignCommand"/>): both ask a running TelesignVoice, through its <c>/simulator</c> control
/// API, to run a simulated call, wait for its end and print the transcript. The server must run with
/// <c>Simulator:Enabled</c> (the Development default).
/// </summary>
public static class SimulatorCommand
{
    public const string DevelopmentServer = "http://localhost:8080";
    public const string DevelopmentOperatorKey = "dev-operator-key";

    internal static readonly Option<string> Server = new("--server")
    {
        Description = "Base URL of a running TelesignVoice with Simulator:Enabled.",
        DefaultValueFactory = _ => DevelopmentServer,
    };

    internal static readonly Option<string> ApiKey = new("--api-key")
    {
        Description = "Operator key (one of the server's Operators:ApiKeys), sent as X-Api-Key.",
        DefaultValueFactory = _ => DevelopmentOperatorKey,
    };

    private static readonly Option<string[]> Press = new("--press")
    {
        Description = "What the caller presses at each prompt that collects digits, in order: digits (\"1\", \"1234#\"), \"\" for silence, or \"hangup\". Repeat the option for each prompt.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string[]> Duplicate = new("--duplicate")
    {
        Description = "Re-deliver these events (e.g. dial_completed): the first delivery is abandoned before its answer is read, then the same bytes are sent again; the call goes on with the second answer.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Timeout = new("--timeout")
    {
        Description = "Seconds to wait for the call to end.",
        DefaultValueFactory = _ => 30,
    };

    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand(
            "Runs a simulated Telesign call against a running TelesignVoice and prints its transcript. "
            + "It drives the server's /simulator control API, so the server must run with Simulator:Enabled "
            + "(true in Development). Exit code: 0 the call completed, 1 the call failed (the server answered "
            + "something Telesign would refuse, or the call did not end), 2 the call could not be started. "
            + "The campaign command runs a CSV through POST /campaigns instead: 0 it completed, 1 it was cancelled or "
            + "did not end in time, 2 it was refused or could not be sent.");
        root.Subcommands.Add(BuildCall(output));
        root.Subcommands.Add(BuildInbound(output));
        root.Subcommands.Add(CampaignCommand.Build(output));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build(output).Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command BuildCall(TextWriter output)
    {
        var to = new Option<string>("--to") { Description = "The number to call, digits with country code (15555551212).", Required = true };
        var flow = new Option<string?>("--flow") { Description = "The call flow to run (e.g. appointment-reminder); the server's default when absent." };
        var variables = new Option<string[]>("--var")
        {
            Description = "A flow variable as name=value; repeat for more (each name once).",
            AllowMultipleArgumentsPerToken = true,
        };
        var dialStatus = new Option<string?>("--dial-status") { Description = "How the callee's phone answers: answered (default), busy, no_answer…" };
        var command = new Command("call", "Places an outbound call through the server (like POST /calls); the simulated callee follows --press.")
        {
            to, flow, variables, dialStatus, Press, Duplicate, Server, ApiKey, Timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (vars, problem) = CommandInput.Variables(parse.GetValue(variables));
            if (problem is not null)
            {
                await output.WriteLineAsync($"The call could not be started: {problem}");
                return ExitCodes.NotStarted;
            }

            var request = new SimulatorCallRequest(
                parse.GetValue(to),
                parse.GetValue(flow),
                vars,
                Script(parse) with { DialStatus = parse.GetValue(dialStatus) });
            return await Run(parse, output, client => client.StartCallAsync(request, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static Command BuildInbound(TextWriter output)
    {
        var from = new Option<string>("--from") { Description = "The caller's number.", Required = true };
        var to = new Option<string>("--to") { Description = "Our Telesign number being called.", Required = true };
        var command = new Command("inbound", "Someone calls one of our numbers: Telesign sends incoming_call; the caller follows --press.")
        {
            from, to, Press, Duplicate, Server, ApiKey, Timeout,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new SimulatorInboundRequest(parse.GetValue(from), parse.GetValue(to), Script(parse));
            return Run(parse, output, client => client.StartInboundAsync(request, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static CallerScript Script(ParseResult parse) => new()
    {
        Presses = parse.GetValue(Press) ?? [],
        DuplicateEvents = parse.GetValue(Duplicate) ?? [],
    };

    private static async Task<int> Run(
        ParseResult parse,
        TextWriter output,
        Func<ControlApiClient, Task<ControlApiResult<SimulatedCallStarted>>> start,
        CancellationToken cancellationToken)
    {
        if (CommandInput.ServerUrl(parse.GetValue(Server)) is not { } serverUrl)
        {
            await output.WriteLineAsync($"The call could not be started: --server must be an absolute http(s) URL such as {DevelopmentServer}, not '{parse.GetValue(Server)}'.");
            return ExitCodes.NotStarted;
        }

        using var client = new ControlApiClient(serverUrl, parse.GetValue(ApiKey)!);
        var started = await start(client);
        if (started.Value is null)
        {
            await output.WriteLineAsync($"The call could not be started: {started.Problem}");
            return ExitCodes.NotStarted;
        }

        var view = await client.WaitForTranscriptAsync(started.Value.ReferenceId, parse.GetValue(Timeout), cancellationToken);
        if (view.Value is null)
        {
            await output.WriteLineAsync($"The transcript could not be read: {view.Problem}");
            return ExitCodes.NotStarted;
        }

        await output.WriteAsync(TranscriptWriter.Write(view.Value, started.Value.CallUrl));
        await output.WriteAsync(await NotificationsWriter.WaitAndWriteAsync(client, started.Value.ReferenceId, cancellationToken));
        return view.Value.State == SimulatedCallStates.Completed ? ExitCodes.Completed : ExitCodes.Failed;
    }
}

public static class ExitCodes
{
    public const int Completed = 0;
    public const int Failed = 1;
    public const int NotStarted = 2;
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>
/// Flows changed while the server runs: a valid set is swapped in for new calls while running calls
/// finish on the version they started on; an invalid set is refused and the last good one serves.
/// </summary>
public sealed class FlowReloadTests : IDisposable
{
    private const string Collect = """{"max":1,"timeout":5000}""";
    private readonly TempFolder _folder = new();

    public FlowReloadTests() => Directory.CreateDirectory(FlowsFolder);

    private string FlowsFolder => Path.Combine(_folder.Path, "flows");

    public void Dispose() => _folder.Dispose();

    /// <summary>A menu: 1 leads to a step named <paramref name="salesStep"/> that says <paramref name="salesText"/>.</summary>
    private void WriteMenu(string menuStep, string greeting, string salesStep, string salesText) =>
        File.WriteAllText(Path.Combine(FlowsFolder, "default.json"), $$"""
            {
              "description": "{{greeting}}",
              "start": "{{menuStep}}",
              "language": "en-US",
              "steps": {
                "{{menuStep}}": { "say": "{{greeting}}", "ask": { "max_digits": 1, "timeout_seconds": 5, "choices": { "1": "{{salesStep}}" } } },
                "{{salesStep}}": { "say": "{{salesText}}", "hangup": true }
              }
            }
            """);

    private ReloadFactory Server(bool watch, CapturingLogSink? sink = null, string? database = null)
    {
        var factory = new ReloadFactory();
        factory.WithSettings(new Dictionary<string, string?>
        {
            ["Flows:Path"] = FlowsFolder,
            ["Flows:Watch"] = watch ? "true" : "false",
            ["Flows:ReloadDelayMilliseconds"] = "100",
        });
        if (database is not null)
        {
            factory.WithSettings(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Sqlite",
                ["Storage:ConnectionString"] = $"Data Source={database};Pooling=false",
            });
        }

        if (sink is not null)
        {
            factory.WithServices(services => services.AddSingleton<ILogEventSink>(sink));
        }

        return factory;
    }

    private static async Task<string> VersionAsync(HttpClient operators)
    {
        using var body = JsonDocument.Parse(await operators.GetStringAsync("/flows"));
        return body.RootElement.GetProperty("flows").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "default").GetProperty("version").GetString()!;
    }

    private static async Task<string?> CallFlowVersionAsync(HttpClient operators, string referenceId)
    {
        using var body = JsonDocument.Parse(await operators.GetStringAsync($"/calls/{referenceId}"));
        return body.RootElement.GetProperty("flow_version").GetString();
    }

    [Fact]
    public async Task A_changed_file_is_picked_up_while_a_call_finishes_on_the_version_it_started_on()
    {
        WriteMenu("menu", "Welcome to version one. Press 1.", "sales", "Sales, version one.");
        await using var server = Server(watch: true);
        using var operators = server.CreateOperatorClient();
        var oldVersion = await VersionAsync(operators);
        var running = CallWalk.Start(server);
        JsonAssert.Equivalent(Expect.Speak("Welcome to version one. Press 1.", Collect), await running.IncomingCallAsync("15550009999"));

        WriteMenu("menu", "Welcome to version two. Press 1.", "sales", "Sales, version two.");
        var newVersion = oldVersion;
        for (var i = 0; i < 100 && newVersion == oldVersion; i++)
        {
            await Task.Delay(100);
            newVersion = await VersionAsync(operators);
        }

        Assert.NotEqual(oldVersion, newVersion);
        JsonAssert.Equivalent(Expect.Speak("Sales, version one."), await running.SpeakCompletedAsync("1"));
        var next = CallWalk.Start(server);
        JsonAssert.Equivalent(Expect.Speak("Welcome to version two. Press 1.", Collect), await next.IncomingCallAsync("15550009999"));
        JsonAssert.Equivalent(Expect.Speak("Sales, version two."), await next.SpeakCompletedAsync("1"));
        Assert.Equal(oldVersion, await CallFlowVersionAsync(operators, running.ReferenceId));
        Assert.Equal(newVersion, await CallFlowVersionAsync(operators, next.ReferenceId));
    }

    [Fact]
    public async Task A_call_whose_steps_were_renamed_mid_call_continues_on_its_own_version()
    {
        WriteMenu("menu", "Press 1 for sales.", "sales", "Connecting you to sales.");
        await using var server = Server(watch: false);
        using var operators = server.CreateOperatorClient();
        var running = CallWalk.Start(server);
        await running.IncomingCallAsync("15550009999");

        WriteMenu("main-menu", "Press 1 for the sales desk.", "sales-desk", "Connecting you to the sales desk.");
        using var reload = await operators.PostAsync("/flows/reload", content: null);
        using var answer = JsonDocument.Parse(await reload.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        Assert.Equal("reloaded", answer.RootElement.GetProperty("result").GetString());
        Assert.Equal(["default"], answer.RootElement.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        JsonAssert.Equivalent(Expect.Speak("Connecting you to sales."), await running.SpeakCompletedAsync("1"));
        JsonAssert.Equivalent(Expect.Hangup, await running.SpeakCompletedAsync());
        var next = CallWalk.Start(server);
        JsonAssert.Equivalent(Expect.Speak("Press 1 for the sales desk.", Collect), await next.IncomingCallAsync("15550009999"));
    }

    [Fact]
    public async Task An_invalid_change_is_refused_the_old_flows_keep_serving_and_readiness_is_degraded_until_fixed()
    {
        WriteMenu("menu", "Press 1 for sales.", "sales", "Connecting you to sales.");
        var sink = new CapturingLogSink();
        await using var server = Server(watch: false, sink);
        using var operators = server.CreateOperatorClient();
        var version = await VersionAsync(operators);

        File.WriteAllText(Path.Combine(FlowsFolder, "default.json"), """
            { "start": "menu", "steps": { "menu": { "say": "Hi", "ask": { "max_digits": 1, "choices": { "1": "nowhere" } } }, "x": { "say": "" , "next": "menu" } } }
            """);
        using var reload = await operators.PostAsync("/flows/reload", content: null);
        using var answer = JsonDocument.Parse(await reload.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Equal("refused", answer.RootElement.GetProperty("result").GetString());
        var errors = answer.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        var file = Path.Combine(FlowsFolder, "default.json");
        Assert.Contains($"{file}, step 'menu', ask.choices.1: unknown step 'nowhere' (steps: menu, x, or \"hangup\")", errors);
        Assert.Contains(errors, e => e.StartsWith($"{file}, step 'x', say:", StringComparison.Ordinal));
        Assert.Equal(version, await VersionAsync(operators));
        var call = CallWalk.Start(server);
        JsonAssert.Equivalent(Expect.Speak("Press 1 for sales.", Collect), await call.IncomingCallAsync("15550009999"));

        using var client = server.CreateClient();
        using (var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready")))
        {
            Assert.Equal("Degraded", ready.RootElement.GetProperty("status").GetString());
            var flows = ready.RootElement.GetProperty("checks").GetProperty("flows");
            Assert.Equal("Degraded", flows.GetProperty("status").GetString());
            Assert.Contains("ask.choices.1: unknown step 'nowhere'", flows.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        var logged = sink.Lines.Where(l => l.StartsWith("Call flow reload: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(errors.Count, logged.Count);
        Assert.Contains(logged, l => l.Contains($"{file}, step 'menu', ask.choices.1", StringComparison.Ordinal));

        WriteMenu("menu", "Fixed. Press 1.", "sales", "Sales.");
        using var fixedReload = await operators.PostAsync("/flows/reload", content: null);
        Assert.Equal(HttpStatusCode.OK, fixedReload.StatusCode);
        using var healthy = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));
        Assert.Equal("Healthy", healthy.RootElement.GetProperty("checks").GetProperty("flows").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_call_survives_a_restart_on_the_version_it_started_on_after_the_file_changed()
    {
        var database = _folder.File("calls.db");
        WriteMenu("menu", "Press 1 for sales.", "sales", "Connecting you to sales.");
        var referenceId = Guid.NewGuid().ToString("N");
        await using (var before = Server(watch: false, database: database))
        {
            await CallWalk.Start(before, referenceId).IncomingCallAsync("15550009999");
        }

        WriteMenu("main-menu", "Press 1 for the sales desk.", "sales-desk", "Connecting you to the sales desk.");
        await using var after = Server(watch: false, database: database);
        var resumed = new CallWalk(after.CreateClient(), referenceId, firstSequence: 100);

        JsonAssert.Equivalent(Expect.Speak("Connecting you to sales."), await resumed.SpeakCompletedAsync("1"));
        var next = CallWalk.Start(after);
        JsonAssert.Equivalent(Expect.Speak("Press 1 for the sales desk.", Collect), await next.IncomingCallAsync("15550009999"));
    }

    private sealed class ReloadFactory() : FlowsFactory(mapSampleNumbers: false);
}

[Collection(MetricsCollection.Name)]
public sealed class FlowReloadMetricTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Failed_reloads_are_counted()
    {
        var flows = Path.Combine(_folder.Path, "flows");
        Directory.CreateDirectory(flows);
        File.WriteAllText(Path.Combine(flows, "default.json"), """{ "start": "bye", "steps": { "bye": { "say": "Bye.", "hangup": true } } }""");
        await using var server = new TelesignVoiceFactory().WithSettings(new Dictionary<string, string?>
        {
            ["Flows:Path"] = flows,
            ["Flows:Watch"] = "false",
        });
        using var operators = server.CreateOperatorClient();

        File.WriteAllText(Path.Combine(flows, "default.json"), "{ not json");
        (await operators.PostAsync("/flows/reload", content: null)).Dispose();
        (await operators.PostAsync("/flows/reload", content: null)).Dispose();

        var metrics = await server.CreateClient().GetStringAsync("/metrics");
        Assert.Matches(@"telesignvoice_flow_reloads_total\{[^}]*result=""failed""[^}]*\} 2", metrics);
    }
}

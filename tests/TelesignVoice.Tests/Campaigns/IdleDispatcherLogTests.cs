using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Campaigns;

public sealed class IdleDispatcherLogTests
{
    [PostgresFact]
    public async Task An_idle_dispatcher_on_postgresql_logs_its_polls_at_debug_only_even_with_npgsql_logging_turned_up()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var sink = new CapturingLogSink();
        await using var app = new TelesignVoiceFactory()
            .WithSettings(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:ConnectionString"] = database.ConnectionString,
                ["Campaigns:PollMilliseconds"] = "50",
                ["Serilog:MinimumLevel:Override:Npgsql"] = "Debug",
            })
            .WithServices(services => services.AddSingleton<ILogEventSink>(sink));
        using var client = app.CreateOperatorClient();
        using var started = await client.GetAsync(new Uri("/campaigns", UriKind.Relative));

        // The dispatcher polls every 50 ms with nothing to do; wait until Npgsql has reported a few dozen of its commands.
        await sink.WaitForAsync(events => events.Count(IsNpgsqlCommand) >= 20);

        Assert.True(sink.Events.Count(IsNpgsqlCommand) >= 20, $"{sink.Events.Count(IsNpgsqlCommand)} commands logged");
        Assert.All(sink.Events.Where(IsNpgsqlCommand), e => Assert.Equal(LogEventLevel.Debug, e.Level));
        var loud = sink.Events.Where(e => e.Level >= LogEventLevel.Information && Source(e) is { } source
            && (source.StartsWith("Npgsql", StringComparison.Ordinal) || source.StartsWith("TelesignVoice.Campaigns", StringComparison.Ordinal))).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud.Select(e => e.RenderMessage())));
    }

    private static bool IsNpgsqlCommand(LogEvent e) => Source(e) == "Npgsql.Command" && e.MessageTemplate.Text.StartsWith("Command execution completed", StringComparison.Ordinal);

    private static string? Source(LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var value) && value is ScalarValue { Value: string source } ? source : null;
}

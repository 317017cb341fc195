using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using TelesignVoice.Telesign;
using TelesignVoice.Telesign.Client;

namespace TelesignVoice.Simulator;

public static class SimulatorServices
{
    /// <summary>
    /// Registers the simulator. Everything is decided lazily from <c>Simulator:Enabled</c>: when it is
    /// false nothing changes, and the "Telesign" client keeps talking to Telesign.
    /// </summary>
    public static IServiceCollection AddTelesignSimulator(this IServiceCollection services)
    {
        services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        services.AddSingleton<TelesignSimulator>();
        services.AddSingleton<SimulatorFaults>();
        services.AddSingleton<NumberScripts>();
        services.AddSingleton<SimulatedTelesignApi>();
        services.AddHttpClient<SimulatorWebhookClient>();
        services.AddHostedService<SimulatorStartupNotice>();

        // Registered after the Telesign client's own configuration, so this primary handler wins.
        services.AddOptions<HttpClientFactoryOptions>(TelesignClient.HttpClientName)
            .Configure<IServiceProvider>((factory, provider) =>
            {
                if (provider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
                {
                    factory.HttpMessageHandlerBuilderActions.Add(builder =>
                        builder.PrimaryHandler = new SimulatedTelesignHandler(provider.GetRequiredService<SimulatedTelesignApi>()));
                }
            });
        return services;
    }
}

/// <summary>The simulator signs events and checks dials with the configured account, so it needs one.</summary>
public sealed class SimulatorOptionsValidator(IOptions<TelesignOptions> telesign) : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        foreach (var (number, attempts) in options.Numbers)
        {
            var key = $"{SimulatorOptions.SectionName}:Numbers:{number}";
            var problems = SimulatorRequestRules.Numbers((key, number))
                .Concat(attempts.SelectMany((script, i) => SimulatorRequestRules.Script(script, $"{key}:{i}")))
                .SelectMany(problem => problem.Value)
                .ToList();
            if (attempts.Count == 0)
            {
                problems.Add($"{key} holds no script: give at least {key}:0 (e.g. {key}:0:DialStatus=busy).");
            }

            if (problems.Count > 0)
            {
                return ValidateOptionsResult.Fail(problems);
            }
        }

        var account = telesign.Value;
        return string.IsNullOrWhiteSpace(account.ApiKey) || string.IsNullOrWhiteSpace(account.CustomerId)
            ? ValidateOptionsResult.Fail(
                "Simulator:Enabled is true but Telesign:CustomerId or Telesign:ApiKey is not set: the simulator checks dials "
                + "and signs events with them. Set both (any Base64 key will do for the simulator).")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Says loudly, at startup, that calls are simulated and where the simulated events go.</summary>
public sealed partial class SimulatorStartupNotice(
    IOptions<SimulatorOptions> options,
    IHostApplicationLifetime lifetime,
    IServiceProvider services,
    ILogger<SimulatorStartupNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                using var scope = services.CreateScope();
                var target = scope.ServiceProvider.GetRequiredService<SimulatorWebhookClient>();
                Log.SimulatorOn(logger, target.TryResolveWebhookUrl() ?? "(unknown: set Simulator:WebhookUrl)");
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
            Message = "TELESIGN SIMULATOR IS ON (Simulator:Enabled): dials never reach Telesign; simulated events go to {WebhookUrl}. Control API under /simulator.")]
        public static partial void SimulatorOn(ILogger logger, string webhookUrl);
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TelesignVoice.Operators;
using TelesignVoice.Simulator;
using TelesignVoice.Telesign;

namespace TelesignVoice.Security;

/// <summary>The <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Starts outside Development despite the settings <see cref="ProductionGuard"/> refuses, warning at every start.</summary>
    public bool AllowUnsafeSettings { get; set; }
}

/// <summary>
/// Outside Development, refuses to start with a setting meant only for a developer's machine: the
/// simulator (no real calls, anyone can script them), unsigned webhooks accepted, or the development
/// operator key of appsettings.Development.json. <c>Security:AllowUnsafeSettings=true</c> starts anyway
/// and says so at every start.
/// </summary>
public sealed partial class ProductionGuard(
    IHostEnvironment environment,
    IOptions<SecurityOptions> security,
    IOptions<SimulatorOptions> simulator,
    IOptions<TelesignOptions> telesign,
    IOptions<OperatorOptions> operators,
    IConfiguration configuration,
    ILogger<ProductionGuard> logger) : IHostedService
{
    public const string DevelopmentOperatorKey = "dev-operator-key";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            return Task.CompletedTask;
        }

        var unsafeSettings = UnsafeSettings().ToList();
        if (unsafeSettings.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (!security.Value.AllowUnsafeSettings)
        {
            throw new InvalidOperationException(
                $"Refusing to start in the {environment.EnvironmentName} environment: {string.Join(" ", unsafeSettings)} "
                + "These are for development only (ASPNETCORE_ENVIRONMENT=Development). To run with them anyway, for a "
                + "rehearsal, set Security:AllowUnsafeSettings=true (environment variable Security__AllowUnsafeSettings).");
        }

        foreach (var setting in unsafeSettings)
        {
            Log.RunningUnsafe(logger, environment.EnvironmentName, setting);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<string> UnsafeSettings()
    {
        if (simulator.Value.Enabled)
        {
            yield return "Simulator:Enabled is true (set Simulator__Enabled=false).";
        }

        if (!telesign.Value.Webhook.RequireSignature)
        {
            yield return "Telesign:Webhook:RequireSignature is false, so unsigned events are answered (set Telesign__Webhook__RequireSignature=true).";
        }

        // The host's own switch believes X-Forwarded-For from every client (it clears the known proxies).
        if (configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
        {
            yield return "ASPNETCORE_FORWARDEDHEADERS_ENABLED is true, so X-Forwarded-For is believed from any client (set ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks instead).";
        }

        var developmentHash = SHA256.HashData(Encoding.UTF8.GetBytes(DevelopmentOperatorKey));
        foreach (var (name, _, hash) in operators.Value.ConfiguredKeys())
        {
            if (hash.AsSpan().SequenceEqual(developmentHash))
            {
                yield return $"the operator key {name} is the development key '{DevelopmentOperatorKey}' (configure a long random key).";
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1805, Level = LogLevel.Warning, Message = "UNSAFE SETTING in {Environment}, allowed by Security:AllowUnsafeSettings: {Setting}")]
        public static partial void RunningUnsafe(ILogger logger, string environment, string setting);
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>
/// The app with the shipped flows, two inbound numbers mapped to the sample flows, and the code flow of
/// docs/flows.md (an account lookup written in C#).
/// </summary>
public class FlowsFactory : TelesignVoiceFactory
{
    public const string SupportNumber = "15550001111";
    public const string PinNumber = "15550002222";
    public const string BalanceNumber = "15550003333";

    public FlowsFactory()
        : this(mapSampleNumbers: true)
    {
    }

    /// <param name="mapSampleNumbers">False for a factory whose flows folder does not hold the sample flows.</param>
    protected FlowsFactory(bool mapSampleNumbers)
    {
        WithSettings(new Dictionary<string, string?> { [$"Flows:Inbound:{BalanceNumber}"] = "balance" });
        if (mapSampleNumbers)
        {
            WithSettings(new Dictionary<string, string?>
            {
                [$"Flows:Inbound:{SupportNumber}"] = "support-menu",
                [$"Flows:Inbound:{PinNumber}"] = "pin-capture",
            });
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddFlowStep<AccountLookupStep>("lookup-account");
            services.AddCallFlow("balance", flow => flow
                .Language("en-US")
                .StartAt("account")
                .OnError("sorry")
                .Step("account", new FlowStep
                {
                    Say = "Enter your account number, then press pound.",
                    Ask = new FlowAsk { MaxDigits = 8, MinDigits = 4, EndKeys = "#", SaveAs = "account" },
                    Next = "lookup",
                })
                .Step("lookup", new FlowStep
                {
                    Code = "lookup-account",
                    Results = new Dictionary<string, string> { ["found"] = "balance", ["not_found"] = "unknown" },
                    Sets = ["balance"],
                })
                .Step("balance", new FlowStep { Say = "Your balance is {balance} dollars. Goodbye.", Hangup = true })
                .Step("unknown", new FlowStep { Say = "We do not know that account. Goodbye.", Hangup = true })
                .Step("sorry", new FlowStep { Say = "Sorry, we cannot look up accounts right now. Goodbye.", Hangup = true }));
        });
    }

    /// <summary>Seeds an outbound call as POST /calls would store it after Telesign accepted the dial.</summary>
    public Task<string> SeedOutboundCallAsync(string? flow, IReadOnlyDictionary<string, string>? variables = null) =>
        PlacedCalls.SeedAsync(Services, flow: flow, variables: variables);

    public Task<CallRecord?> FindCallAsync(string referenceId) =>
        Services.GetRequiredService<ICallStore>().FindCallAsync(referenceId, CancellationToken.None);
}

/// <summary>A code step as a user would write one: looks the entered account up and sets {balance}.</summary>
public sealed class AccountLookupStep : IFlowStep
{
    public ValueTask<FlowStepResult> RunAsync(FlowStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Variables.GetValueOrDefault("account") == "0000")
        {
            throw new InvalidOperationException("The accounts system is down.");
        }

        if (context.Variables.GetValueOrDefault("account") == "1234")
        {
            return ValueTask.FromResult(new FlowStepResult("found") { Variables = new Dictionary<string, string> { ["balance"] = "42" } });
        }

        return ValueTask.FromResult(new FlowStepResult("not_found"));
    }
}

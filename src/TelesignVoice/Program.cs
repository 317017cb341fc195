using Serilog;
using TelesignVoice;
using TelesignVoice.Flows.Testing;
using TelesignVoice.Observability;
using TelesignVoice.Storage;

if (args is [HealthProbe.Argument])
{
    return await HealthProbe.RunAsync();
}

if (args is [StorageMigrations.Argument])
{
    return await StorageMigrations.RunAsync();
}

if (args is [StorageMigrations.Argument, StorageMigrations.ContractOption])
{
    return await StorageMigrations.RunAsync(contract: true);
}

if (args is [FlowCommands.Argument, .. var flowArguments])
{
    return await FlowCommands.RunAsync(flowArguments, Console.Out, services => services.AddFlowCode());
}

Log.Logger = TelesignVoiceLogging.CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddTelesignVoice();

    var app = builder.Build();
    app.MapTelesignVoice();

    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupProblems.From(exception) is { } problems)
{
    Log.Fatal("{Problems:l}", StartupProblems.Describe(problems));
    return 1;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    Log.Fatal(exception, "TelesignVoice stopped: {Message}", exception.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using TelesignVoice.Operators;
using TelesignVoice.Simulator;
using TelesignVoice.Storage;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// The app on real Kestrel (127.0.0.1, a free port) with the simulator on: simulated events reach the
/// webhook over loopback HTTP, signed with the test account, exactly as Telesign's would.
/// </summary>
public class SimulatorHost : TelesignVoiceFactory
{
    public const string OperatorKey = TestAccount.OperatorKey;

    public SimulatorHost()
    {
        WithSettings(new Dictionary<string, string?>
        {
            ["Simulator:Enabled"] = "true",
            ["Security:AllowUnsafeSettings"] = "true",
            ["Simulator:RingMilliseconds"] = "50",
            ["Simulator:BlockedNumbers:0"] = "15550000000",
            // The simulator's tests place many calls through one host; the limit itself is tested apart.
            ["Operators:RateLimit:PermitLimit"] = "100000",
        });
        UseKestrel(0);
    }

    /// <summary>A loopback port free now: for a host whose own address must be configured before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public TelesignSimulator Simulator => Services.GetRequiredService<TelesignSimulator>();

    public ICallStore Store => Services.GetRequiredService<ICallStore>();

    /// <summary>A client of the operator API over real HTTP, carrying the operator key.</summary>
    public HttpClient CreateOperatorClient()
    {
        StartServer();
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(OperatorKeyring.HeaderName, OperatorKey);
        return client;
    }

    /// <summary>A bare client of the simulated Telesign API: no authentication or retries of its own.</summary>
    public HttpClient CreateTelesignClient()
    {
        StartServer();
        return new HttpClient(new SimulatedTelesignHandler(Services.GetRequiredService<SimulatedTelesignApi>()))
        {
            BaseAddress = new Uri("https://rest-ww.telesign.com"),
        };
    }

    public async Task<SimulatedCallView> WaitForCallAsync(string referenceId) =>
        await Simulator.Find(referenceId)!.Completion.WaitAsync(TimeSpan.FromSeconds(30));
}

using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Flows;

/// <summary>
/// The simulator over loopback HTTP with the default settings and a flows folder of its own, holding
/// flows written as a user would write them from docs/flows.md.
/// </summary>
public sealed class WrittenFlowsHost : SimulatorHost
{
    public const string ExtensionFlow = """
        {
          "description": "Calls a desk phone behind a switchboard: dial the extension, then speak to whoever answers",
          "language": "en-US",
          "start": "extension",
          "steps": {
            "extension": { "send_digits": "ww123#", "next": "greet" },
            "greet": {
              "say": "This is the front desk. To confirm the delivery, press 1.",
              "ask": { "max_digits": 1, "choices": { "1": "confirmed" }, "attempts": 2 }
            },
            "confirmed": { "say": "Thank you. Goodbye.", "hangup": true }
          }
        }
        """;

    public const string SixDigitFlow = """
        {
          "language": "en-US",
          "start": "code",
          "steps": {
            "code": {
              "say": "Enter your 6 digit code.",
              "ask": { "max_digits": 6, "min_digits": 6, "allowed_digits": "0123456789", "save_as": "code", "attempts": 2 },
              "next": "read_back"
            },
            "read_back": { "say": "You entered {code:digits}. Goodbye.", "hangup": true }
          }
        }
        """;

    public WrittenFlowsHost()
    {
        Root = Directory.CreateTempSubdirectory("written-flows-").FullName;
        var flows = Path.Combine(Root, "flows");
        Directory.CreateDirectory(flows);
        File.WriteAllText(Path.Combine(flows, "default.json"), """{ "start": "bye", "steps": { "bye": { "say": "Goodbye.", "hangup": true } } }""");
        File.WriteAllText(Path.Combine(flows, "extension.json"), ExtensionFlow);
        File.WriteAllText(Path.Combine(flows, "six-digits.json"), SixDigitFlow);
        WithSettings(new Dictionary<string, string?> { ["Flows:Path"] = flows });
    }

    public string Root { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}

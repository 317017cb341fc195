using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace BenchTool;

/// <summary>
/// Walks one inbound call through the running server as Telesign would, answering each action with the
/// event it leads to and pressing the given digits at each prompt that collects them. The events sent
/// become the plan every generated call follows, so the load walks whatever phone tree the server has.
/// </summary>
internal static class FlowWalk
{
    private const int MaxEvents = 16;

    public static async Task<int> RunAsync(Arguments args)
    {
        var url = new Uri(args.Required("url"));
        var key = Convert.FromBase64String(args.Required("api-key"));
        var customerId = args.Required("customer-id");
        var digits = new Queue<string>(args.Optional("digits", "1").Split(',', StringSplitOptions.RemoveEmptyEntries));
        var to = args.Optional("to", "15558675309");
        var referenceId = "PROBE" + Guid.NewGuid().ToString("N")[..27].ToUpperInvariant();

        using var client = new HttpClient();
        var plan = new List<string>();
        var next = (Event: EventBodies.IncomingCall, Digits: (string?)null);
        for (var i = 0; i < MaxEvents; i++)
        {
            var body = EventBodies.Build(next.Event, referenceId, to, "15555551212", next.Digits, DateTime.UtcNow);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var signature = EventBodies.Sign(body, key);
            request.Headers.TryAddWithoutValidation("Authorization", $"TSA {customerId}:{signature}");
            request.Headers.TryAddWithoutValidation("X-TS-Authorization", signature);
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"walk: {next.Event} got HTTP {(int)response.StatusCode}: {answer}");
                return 1;
            }

            var (method, collects) = Describe(answer);
            plan.Add($"{next.Event}\t{next.Digits ?? "-"}\t{method}{(collects ? "+collect" : string.Empty)}");
            if (next.Event == EventBodies.CallCompleted)
            {
                break;
            }

            next = method switch
            {
                "speak" => ("speak_completed", collects ? digits.TryDequeue(out var d) ? d : null : null),
                "play" or "play_multiple" => ("play_completed", collects ? digits.TryDequeue(out var d) ? d : null : null),
                // A transfer bridges the caller to another number; when that leg hangs up, the caller is
                // still there and the flow may go on (a survey after support, say).
                "dial" => ("call_leg_completed", null),
                _ => (EventBodies.CallCompleted, null),
            };
        }

        await File.WriteAllLinesAsync(args.Required("out"), plan);
        Console.WriteLine("walk: " + string.Join(" | ", plan.Select(line => line.Replace('\t', ' '))));
        return 0;
    }

    private static (string Method, bool Collects) Describe(string actionJson)
    {
        using var action = JsonDocument.Parse(Encoding.UTF8.GetBytes(actionJson));
        var method = action.RootElement.TryGetProperty("method", out var m) ? m.GetString() ?? "?" : "?";
        var collects = action.RootElement.TryGetProperty("params", out var p)
            && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("collect_digits", out _);
        return (method, collects);
    }
}

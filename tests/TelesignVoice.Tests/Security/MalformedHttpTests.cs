using System.Net.Sockets;
using System.Text;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

/// <summary>
/// The real server (Kestrel on 127.0.0.1) fed broken HTTP over a raw socket: every answer is a 4xx,
/// never a 500, and nothing reaches the log as an unhandled exception.
/// </summary>
public sealed class MalformedHttpServer : IAsyncLifetime
{
    public AppProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = AppProcess.StartServer(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "InMemory",
            ["Operators__ApiKeys__0"] = TestAccount.OperatorKey,
            ["Operators__RateLimit__PermitLimit"] = "100000",
        });
        await App.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Sends the bytes and keeps the connection open (a closed one gets no answer), returns the status code.</summary>
    public async Task<int> SendAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", App.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var statusLine = received.ToString().Split("\r\n")[0];
        // No answer at all (the connection closed) counts as 0: not a 500.
        return statusLine.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(statusLine.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}

public class MalformedHttpTests(MalformedHttpServer server) : IClassFixture<MalformedHttpServer>
{
    private const string Event = """{"event":"dial_completed","reference_id":"RAW-1","data":{"status":"answered"}}""";

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));

    private static string Head(string method, string path, params string[] headers) =>
        $"{method} {path} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\n{string.Concat(headers.Select(h => h + "\n"))}\n";

    public static TheoryData<string, string, int[]> Broken => new()
    {
        { "a malformed chunked body", Head("POST", "/webhooks/telesign", "Transfer-Encoding: chunked") + "zz\nnot a chunk\n", [400] },
        { "a chunk longer than announced", Head("POST", "/webhooks/telesign", "Transfer-Encoding: chunked") + "2\nhello\n0\n\n", [400] },
        // Kestrel reads the chunked framing (RFC 9112, 6.3) and closes the connection after answering.
        { "Content-Length with chunked", Head("POST", "/webhooks/telesign", "Content-Length: 10", "Transfer-Encoding: chunked") + "5\nhello\n0\n\n", [400, 401] },
        { "a chunked call request with a broken chunk", Head("POST", "/calls", "X-Api-Key: " + TestAccount.OperatorKey, "Transfer-Encoding: chunked") + "3\n{\"to\nxx\n", [400] },
        { "a call request of 20 MB announced", Head("POST", "/calls", "X-Api-Key: " + TestAccount.OperatorKey, "Content-Length: 20971520") + "{", [413] },
        { "a NUL in a route id", Head("GET", "/calls/AB%00CD", "X-Api-Key: " + TestAccount.OperatorKey), [400] },
        { "a request line that is not HTTP", "GARBAGE\u0001\u0002 / HTTP/9.9\n\n", [400, 505] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Broken_http_gets_a_4xx_never_a_500(string what, string request, int[] expected)
    {
        var status = await server.SendAsync(Ascii(request));

        Assert.True(expected.Contains(status), $"{what}: got {status}, expected {string.Join(" or ", expected)}\n{server.App.Output}");
        Assert.DoesNotContain("Unhandled exception", server.App.Output, StringComparison.OrdinalIgnoreCase);
        // The request's log line has the status the client got, and no line carries an exception's stack.
        Assert.DoesNotContain("\"StatusCode\":500", server.App.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"@x\"", server.App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_not_500()
    {
        var status = await server.SendAsync(Ascii(Head("POST", "/webhooks/telesign", "Content-Length: 4000") + "{\"event\":"));

        Assert.Equal(408, status);
    }

    [Fact]
    public async Task Random_malformed_requests_never_get_a_500()
    {
        var random = new Random(18);
        string[] paths = ["/webhooks/telesign", "/calls", "/calls/X", "/calls?limit=%00", "/health/ready", "/metrics", "/simulator/calls"];
        string[] methods = ["POST", "GET", "PUT", "POST"];
        var statuses = new List<int>();
        for (var i = 0; i < 150; i++)
        {
            var body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            if (random.Next(3) == 0)
            {
                body = Encoding.UTF8.GetBytes(Event.Replace("answered", "a\u0000b\\u0000", StringComparison.Ordinal));
            }

            var headers = new List<string> { "X-Api-Key: " + TestAccount.OperatorKey };
            switch (random.Next(4))
            {
                case 0:
                    // Shorter than the body: the rest reaches the server as the next, garbled request.
                    headers.Add($"Content-Length: {random.Next(0, body.Length + 1)}");
                    break;
                case 1:
                    headers.Add("Transfer-Encoding: chunked");
                    break;
                case 2:
                    headers.Add($"Content-Length: {body.Length}");
                    headers.Add("Transfer-Encoding: chunked");
                    break;
                default:
                    headers.Add($"Content-Length: {body.Length}");
                    break;
            }

            var head = Ascii(Head(methods[random.Next(methods.Length)], paths[random.Next(paths.Length)], [.. headers]));
            statuses.Add(await server.SendAsync([.. head, .. body]));
        }

        Assert.DoesNotContain(500, statuses);
        Assert.All(statuses, status => Assert.True(status is 0 or (>= 200 and < 500), $"status {status}"));
        Assert.DoesNotContain("Unhandled exception", server.App.Output, StringComparison.OrdinalIgnoreCase);
    }
}

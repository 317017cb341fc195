using System.Net;
using System.Net.Sockets;
using System.Text;
using TelesignVoice.Simulator;
using TelesignVoice.SimulatorCli;

namespace TelesignVoice.Tests.Simulator;

/// <summary>Whatever goes wrong before a call starts, the command ends with one line and exit code 2.</summary>
public class SimulatorCommandInputTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await SimulatorCommand.RunAsync(args, output, output);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Variable_given_twice_is_refused_with_one_line_and_exit_code_2()
    {
        var (exitCode, output) = await RunAsync("call", "--to", "15555551212", "--var", "a=1", "--var", "a=2", "--server", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.NotStarted, exitCode);
        Assert.Equal("The call could not be started: --var a is given more than once; give each variable once." + Environment.NewLine, output);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    public async Task Server_that_is_not_an_http_url_is_refused_with_one_line_and_exit_code_2(string server)
    {
        var (exitCode, output) = await RunAsync("inbound", "--from", "15555551212", "--to", "15558675309", "--server", server);

        Assert.Equal(ExitCodes.NotStarted, exitCode);
        Assert.Equal(
            $"The call could not be started: --server must be an absolute http(s) URL such as http://localhost:8080, not '{server}'." + Environment.NewLine,
            output);
    }

    [Fact]
    public async Task Server_answering_something_that_is_not_json_exits_2_with_one_line()
    {
        using var impostor = new ImpostorServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 18\r\nConnection: close\r\n\r\n<html>hello</html>");

        var (exitCode, output) = await RunAsync("inbound", "--from", "15555551212", "--to", "15558675309", "--server", impostor.Url);

        Assert.Equal(ExitCodes.NotStarted, exitCode);
        Assert.StartsWith("The call could not be started: the server's answer is not what /simulator returns (", output, StringComparison.Ordinal);
        Assert.EndsWith("; is --server a TelesignVoice?" + Environment.NewLine, output, StringComparison.Ordinal);
        Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Server_that_does_not_answer_in_time_is_reported_not_thrown()
    {
        using var impostor = new ImpostorServer(answer: null);
        using var client = new ControlApiClient(new Uri(impostor.Url), "key", TimeSpan.FromMilliseconds(200));

        var result = await client.StartInboundAsync(new SimulatorInboundRequest("15555551212", "15558675309", null), CancellationToken.None);

        Assert.Null(result.Value);
        Assert.Equal("the server did not answer within 0.2 s", result.Problem);
    }
}

/// <summary>
/// Something on a free local port that is not TelesignVoice: it reads one request and sends a canned
/// answer, or nothing at all. A raw socket, because a second WebApplication in the test process could be
/// picked up by WebApplicationFactory while it looks for the app's host.
/// </summary>
internal sealed class ImpostorServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public ImpostorServer(string? answer)
    {
        _listener.Start();
        _serving = ServeOneAsync(answer);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public void Dispose() => _listener.Dispose();

    private async Task ServeOneAsync(string? answer)
    {
        using var connection = await _listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[4096];
        // The request is read to its end (a chunked JSON body ends with an empty chunk) before answering.
        while (!request.ToString().EndsWith("0\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        if (answer is null)
        {
            // Silent: hold the connection until the client gives up and closes it.
            while (await stream.ReadAsync(buffer) > 0)
            {
                request.Clear();
            }

            return;
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
    }
}

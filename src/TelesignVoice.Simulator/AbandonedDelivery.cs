using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TelesignVoice.Simulator;

/// <summary>
/// A delivery Telesign gives up on: the event's bytes are sent in full, then the connection is closed
/// before the answer is read, as when Telesign's connection drops or it times out waiting. What the server
/// did with it is for the re-delivery that follows to find out.
/// </summary>
public sealed partial class SimulatorWebhookClient
{
    public async Task AbandonAfterSendingAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var url = ResolveWebhookUrl();
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            await AbandonOverTcpAsync(url, body, cancellationToken);
            return;
        }

        // Over TLS: the request is cancelled as soon as its body is written, which closes the connection.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var request = CreateRequest(body, new AbandoningContent(body, abandon));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abandon.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Abandoned as intended: the connection is closed with the answer unread.
        }
        catch (HttpRequestException)
        {
            // The server closed first: nothing was read either.
        }
    }

    /// <summary>
    /// The request, then at once a reset (RST) of the connection: the server may handle the event, but its
    /// answer cannot be written, so it is not given. A graceful close (FIN) would not do: a server may still
    /// write into a connection its peer half-closed, and believe the answer given.
    /// </summary>
    private async Task AbandonOverTcpAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        var (authorization, signature) = Sign(body);
        var head = Encoding.ASCII.GetBytes(
            $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {body.Length}\r\nAuthorization: {authorization}\r\nX-TS-Authorization: {signature}\r\n\r\n");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        await socket.SendAsync((byte[])[.. head, .. body], SocketFlags.None, cancellationToken);
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>The event's bytes with their length; once written, the request is cancelled (the connection closes).</summary>
    private sealed class AbandoningContent(byte[] body, CancellationTokenSource abandon) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body);
            await stream.FlushAsync();
            await abandon.CancelAsync();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}

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
    /// <summary>
    /// Sends <paramref name="body"/> and abandons the delivery before reading the answer. Returns null when
    /// abandoned; returns the answer when it was already there (the server answered before the abandon, so
    /// Telesign would have read it and sends nothing again).
    /// </summary>
    public async Task<WebhookReply?> AbandonAfterSendingAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var url = ResolveWebhookUrl();
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            return await AbandonOverTcpAsync(url, body, cancellationToken);
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

        return null;
    }

    /// <summary>
    /// The request, then at once a reset (RST) of the connection, as a Telesign that timed out or lost the
    /// connection before the answer came. The send and the reset are one synchronous stretch (no await in
    /// between, which could let the server answer first); the reset reaches the server before it can have
    /// written its answer, so the answer is not given. A graceful close (FIN) would not do: a server may
    /// still write into a connection its peer half-closed, and believe the answer given.
    /// </summary>
    private async Task<WebhookReply?> AbandonOverTcpAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        var (authorization, signature) = Sign(body);
        var head = Encoding.ASCII.GetBytes(
            $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {body.Length}\r\nAuthorization: {authorization}\r\nX-TS-Authorization: {signature}\r\n\r\n");
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        socket.Send((byte[])[.. head, .. body]);
        if (socket.Available == 0)
        {
            socket.Close();
            return null;
        }

        // Read in full, then closed gracefully (FIN), as a Telesign that took the answer closes.
        var reply = await RawHttpReply.ReadAsync(socket, cancellationToken);
        socket.LingerState = new LingerOption(false, 0);
        socket.Shutdown(SocketShutdown.Both);
        return reply;
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

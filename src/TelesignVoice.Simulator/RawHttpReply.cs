using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace TelesignVoice.Simulator;

/// <summary>
/// Reads one HTTP/1.1 response off a raw socket: the answer that reached an abandoned delivery before
/// its reset (Content-Length or chunked body, as Kestrel writes them).
/// </summary>
internal static class RawHttpReply
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    public static async Task<WebhookReply> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOf(received, HeaderEnd, 0)) < 0)
        {
            await ReceiveAsync(socket, buffer, received, cancellationToken);
        }

        var lines = Encoding.ASCII.GetString([.. received.Take(headerEnd)]).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var bodyStart = headerEnd + HeaderEnd.Length;
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            var size = int.Parse(length, CultureInfo.InvariantCulture);
            while (received.Count < bodyStart + size)
            {
                await ReceiveAsync(socket, buffer, received, cancellationToken);
            }

            body = [.. received.Skip(bodyStart).Take(size)];
        }
        else
        {
            body = await ReadChunksAsync(socket, buffer, received, bodyStart, cancellationToken);
        }

        var mediaType = headers.GetValueOrDefault("Content-Type")?.Split(';')[0].Trim();
        return new WebhookReply(status, mediaType, Encoding.UTF8.GetString(body));
    }

    private static async Task<byte[]> ReadChunksAsync(Socket socket, byte[] buffer, List<byte> received, int position, CancellationToken cancellationToken)
    {
        var body = new List<byte>();
        while (true)
        {
            int lineEnd;
            while ((lineEnd = IndexOf(received, "\r\n"u8.ToArray(), position)) < 0)
            {
                await ReceiveAsync(socket, buffer, received, cancellationToken);
            }

            var size = int.Parse(Encoding.ASCII.GetString([.. received.Skip(position).Take(lineEnd - position)]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position = lineEnd + 2;
            if (size == 0)
            {
                return [.. body];
            }

            while (received.Count < position + size + 2)
            {
                await ReceiveAsync(socket, buffer, received, cancellationToken);
            }

            body.AddRange(received.Skip(position).Take(size));
            position += size + 2;
        }
    }

    private static async Task ReceiveAsync(Socket socket, byte[] buffer, List<byte> received, CancellationToken cancellationToken)
    {
        var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        if (count == 0)
        {
            throw new IOException("The webhook closed the connection in the middle of its answer.");
        }

        received.AddRange(buffer.AsSpan(0, count));
    }

    private static int IndexOf(List<byte> haystack, byte[] needle, int from)
    {
        for (var i = from; i <= haystack.Count - needle.Length; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}

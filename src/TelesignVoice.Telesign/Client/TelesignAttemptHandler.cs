using System.Net;
using System.Net.Sockets;

namespace TelesignVoice.Telesign.Client;

/// <summary>
/// The innermost handler: it sees every attempt, records its latency, and notes on the request whether
/// the last attempt certainly did not place a call. The client needs that when the total timeout
/// strikes during a retry delay: then the call was not placed, although a timeout usually means "unknown".
/// </summary>
internal sealed class TelesignAttemptHandler(TelesignMetrics metrics, TimeProvider time) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<DialAttempts> AttemptsKey = new("telesignvoice.dial-attempts");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.TryGetValue(AttemptsKey, out var attempts);
        attempts?.Sending();
        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.TelesignRequestCompleted(TelesignClient.DialOperation, (int)response.StatusCode, time.GetElapsedTime(started));
            attempts?.Answered(response.StatusCode);
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            metrics.TelesignRequestCompleted(TelesignClient.DialOperation, null, time.GetElapsedTime(started));
            attempts?.Failed(IsCertainlyNotSent(exception));
            throw;
        }
    }

    /// <summary>
    /// True for failures that happen before a byte of the request leaves: the name did not resolve or
    /// the connection was refused. A reset or a timeout may come after Telesign received the dial.
    /// </summary>
    public static bool IsCertainlyNotSent(Exception? exception)
    {
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
        {
            return true;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain
                    or SocketError.NoData or SocketError.AddressNotAvailable;
            }
        }

        return false;
    }
}

/// <summary>What the attempts of one dial saw, shared between the attempt handler and the client.</summary>
internal sealed class DialAttempts
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>True when the latest attempt certainly placed no call (429, or never reached Telesign).</summary>
    public bool LastCertainlyNotPlaced { get; private set; }

    public HttpStatusCode? LastStatus { get; private set; }

    public void Sending()
    {
        Interlocked.Increment(ref _count);
        LastCertainlyNotPlaced = false;
        LastStatus = null;
    }

    public void Answered(HttpStatusCode status)
    {
        LastStatus = status;
        LastCertainlyNotPlaced = status == HttpStatusCode.TooManyRequests;
    }

    public void Failed(bool certainlyNotSent) => LastCertainlyNotPlaced = certainlyNotSent;
}

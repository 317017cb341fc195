using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TelesignVoice.Notifications;
using TelesignVoice.Simulator;

namespace TelesignVoice.SimulatorCli;

/// <summary>The server's /simulator control API, with the operator key; problems come back as text, not exceptions.</summary>
public sealed class ControlApiClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;

    public ControlApiClient(Uri server, string apiKey)
        : this(server, apiKey, DefaultTimeout)
    {
    }

    public ControlApiClient(Uri server, string apiKey, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = timeout };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public Task<ControlApiResult<SimulatedCallStarted>> StartCallAsync(SimulatorCallRequest request, CancellationToken cancellationToken) =>
        SendAsync(
            () => _http.PostAsJsonAsync("simulator/calls", request, TelesignVoiceJsonContext.Default.SimulatorCallRequest, cancellationToken),
            TelesignVoiceJsonContext.Default.SimulatedCallStarted,
            cancellationToken);

    public Task<ControlApiResult<SimulatedCallStarted>> StartInboundAsync(SimulatorInboundRequest request, CancellationToken cancellationToken) =>
        SendAsync(
            () => _http.PostAsJsonAsync("simulator/inbound", request, TelesignVoiceJsonContext.Default.SimulatorInboundRequest, cancellationToken),
            TelesignVoiceJsonContext.Default.SimulatedCallStarted,
            cancellationToken);

    public Task<ControlApiResult<SimulatedCallView>> WaitForTranscriptAsync(string referenceId, int seconds, CancellationToken cancellationToken) =>
        SendAsync(
            () => _http.GetAsync($"simulator/calls/{Uri.EscapeDataString(referenceId)}?wait={seconds}", cancellationToken),
            TelesignVoiceJsonContext.Default.SimulatedCallView,
            cancellationToken);

    /// <summary>What the simulator's notification receiver got for one call.</summary>
    public Task<ControlApiResult<ReceivedNotificationList>> GetNotificationsAsync(string referenceId, CancellationToken cancellationToken) =>
        SendAsync(
            () => _http.GetAsync($"simulator/receiver?reference_id={Uri.EscapeDataString(referenceId)}", cancellationToken),
            TelesignVoiceJsonContext.Default.ReceivedNotificationList,
            cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<ControlApiResult<T>> SendAsync<T>(
        Func<Task<HttpResponseMessage>> send,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await send();
            return await ReadAsync(response, typeInfo, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return new ControlApiResult<T>(null, $"the server cannot be reached ({exception.Message}); is TelesignVoice running?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the user's cancellation: HttpClient.Timeout ran out.
            return new ControlApiResult<T>(null, $"the server did not answer within {_http.Timeout.TotalSeconds:0.#} s");
        }
        catch (JsonException exception)
        {
            return new ControlApiResult<T>(null, $"the server's answer is not what /simulator returns ({exception.Message}); is --server a TelesignVoice?");
        }
    }

    private static async Task<ControlApiResult<T>> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken) is { } value
                ? new ControlApiResult<T>(value, null)
                : new ControlApiResult<T>(null, $"HTTP {(int)response.StatusCode} with an empty answer; is --server a TelesignVoice?");
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var hint = response.StatusCode switch
        {
            System.Net.HttpStatusCode.NotFound when body.Length == 0 =>
                " (no /simulator here: run the server with Simulator:Enabled=true)",
            System.Net.HttpStatusCode.Unauthorized => " (check --api-key against the server's Operators:ApiKeys)",
            _ => string.Empty,
        };
        return new ControlApiResult<T>(null, $"HTTP {(int)response.StatusCode}{hint} {body}".TrimEnd());
    }
}

public sealed record ControlApiResult<T>(T? Value, string? Problem)
    where T : class;

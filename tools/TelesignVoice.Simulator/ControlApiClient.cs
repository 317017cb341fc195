using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using TelesignVoice.Simulator;

namespace TelesignVoice.SimulatorCli;

/// <summary>The server's /simulator control API, with the operator key; problems come back as text, not exceptions.</summary>
public sealed class ControlApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlApiClient(Uri server, string apiKey)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
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

    public void Dispose() => _http.Dispose();

    private static async Task<ControlApiResult<T>> SendAsync<T>(
        Func<Task<HttpResponseMessage>> send,
        JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
        where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException exception)
        {
            return new ControlApiResult<T>(null, $"the server cannot be reached ({exception.Message}); is TelesignVoice running?");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return new ControlApiResult<T>(await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken), null);
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
}

public sealed record ControlApiResult<T>(T? Value, string? Problem)
    where T : class;

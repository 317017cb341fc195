using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TelesignVoice.Telesign;

namespace TelesignVoice.Simulator;

/// <summary>
/// The simulated <c>POST /v2/voice</c> (docs/telesign-protocol.md, POST /v2/voice: the answer): credentials, injected faults, Telesign's
/// validation statuses, then 202 <c>dial_accepted</c> and a call that starts ringing.
/// </summary>
public sealed class SimulatedTelesignApi(
    TelesignSimulator simulator,
    SimulatorFaults faults,
    IOptions<TelesignOptions> telesign,
    IOptions<SimulatorOptions> options,
    TimeProvider time)
{
    public const string DialPath = "/v2/voice";

    public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != DialPath)
        {
            return Answer(HttpStatusCode.NotFound, new SimulatedDialResponse { Status = "not_found", Description = "The simulator serves POST /v2/voice only." });
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (TelesignCredentials.Check(request, body, telesign.Value) is { } unauthorized)
        {
            return Answer(HttpStatusCode.Unauthorized, new SimulatedDialResponse { Status = unauthorized });
        }

        var fault = faults.NextDial();
        if (fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, time, cancellationToken);
        }

        if (fault.Status is { } faultStatus)
        {
            return Answer((HttpStatusCode)faultStatus, new SimulatedDialResponse
            {
                Status = faultStatus == 429 ? "rate_limit_exceeded" : "simulated_server_error",
            });
        }

        return Dial(request, body);
    }

    private HttpResponseMessage Dial(HttpRequestMessage request, byte[] body)
    {
        if (request.Content?.Headers.ContentType?.MediaType != "application/json")
        {
            return Invalid("Content-Type must be application/json");
        }

        // Telesign's own statuses come before the simulator's stricter wire-format checks.
        if (DialFields.Read(body) is not { } fields)
        {
            return Invalid("the body is not JSON");
        }

        var documented = fields switch
        {
            { Method: not null and not TelesignMethods.Dial } => ActionValidator.UnsupportedCallState,
            { To: null or "" } => "to_number_not_provided",
            _ when !IsPhoneNumber(fields.To) => "invalid_phone_number",
            { CallerIdNumber: null or "" } => "caller_id_number_not_provided",
            _ => null,
        };
        if (documented is not null)
        {
            return Answer(HttpStatusCode.BadRequest, new SimulatedDialResponse { Status = documented, ExternalId = fields.ExternalId });
        }

        var verdict = ActionValidator.Check(System.Text.Encoding.UTF8.GetString(body), eventName: null);
        if (!verdict.IsValid)
        {
            return Invalid(verdict.Error!);
        }

        var p = verdict.Action!.Params;
        if (options.Value.BlockedNumbers.Contains(p.To!, StringComparer.Ordinal))
        {
            return Answer(HttpStatusCode.OK, new SimulatedDialResponse
            {
                ReferenceId = TelesignSimulator.NewReferenceId(),
                Status = DialResponses.Blocked,
                ExternalId = p.ExternalId,
            });
        }

        if (simulator.IsFull)
        {
            return Answer(HttpStatusCode.TooManyRequests, new SimulatedDialResponse { Status = "rate_limit_exceeded", ExternalId = p.ExternalId });
        }

        var script = simulator.ScriptForDial(p.ExternalId, p.To!);
        switch (script.DialResponse)
        {
            case DialResponses.Blocked:
                return Answer(HttpStatusCode.OK, new SimulatedDialResponse
                {
                    ReferenceId = TelesignSimulator.NewReferenceId(),
                    Status = DialResponses.Blocked,
                    ExternalId = p.ExternalId,
                    Description = "The number's script for this dial says blocked.",
                });
            case DialResponses.RateLimited:
                return Answer(HttpStatusCode.TooManyRequests, new SimulatedDialResponse
                {
                    Status = DialResponses.RateLimited,
                    ExternalId = p.ExternalId,
                    Description = "The number's script for this dial says rate limited.",
                });
        }

        var referenceId = TelesignSimulator.NewReferenceId();
        simulator.StartOutbound(referenceId, p.ExternalId, p.CallerIdNumber!, p.To!, script, p.SendDtmf);
        return Answer(HttpStatusCode.Accepted, new SimulatedDialResponse
        {
            ReferenceId = referenceId,
            Status = "dial_accepted",
            ExternalId = p.ExternalId,
        });
    }

    /// <summary>Digits with country code, no '+' (docs/telesign-protocol.md, Model and numbers): E.164 allows 8 to 15 of them.</summary>
    private static bool IsPhoneNumber(string? number) =>
        number is { Length: >= 8 and <= 15 } && number.All(char.IsAsciiDigit);

    private static HttpResponseMessage Invalid(string description) =>
        Answer(HttpStatusCode.BadRequest, new SimulatedDialResponse { Status = ActionValidator.InvalidAction, Description = description });

    private static HttpResponseMessage Answer(HttpStatusCode status, SimulatedDialResponse body) =>
        new(status)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(body, SimulatorJsonContext.Default.SimulatedDialResponse),
                System.Text.Encoding.UTF8,
                "application/json"),
        };
}

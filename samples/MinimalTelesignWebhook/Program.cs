using Microsoft.AspNetCore.Http.HttpResults;
using TelesignVoice.Security;
using TelesignVoice.Telesign;

// A Telesign Voice webhook with the TelesignVoice.Telesign library alone: verify the signature, read the
// event, answer with an action. Configure Telesign:CustomerId and Telesign:ApiKey (environment variables
// Telesign__CustomerId, Telesign__ApiKey); the app refuses to start without the key.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddTelesign();
builder.Services.AddWebhookSecurity();

var app = builder.Build();
app.MapPost("/webhooks/telesign", AnswerAsync).RequireTelesignSignature();
app.Run();

static async Task<Results<TelesignActionResult, ProblemHttpResult>> AnswerAsync(HttpRequest request) =>
    await TelesignWebhook.ReadEventAsync(request.HttpContext) is { } evt
        ? TelesignResults.Action(Next(evt))
        : TypedResults.Problem(title: "Not a Telesign event", statusCode: StatusCodes.Status400BadRequest);

static TelesignAction Next(TelesignEvent evt) => evt.Event switch
{
    TelesignEventNames.IncomingCall or TelesignEventNames.DialCompleted =>
        TelesignAction.Speak("Press 1 to end the call.", "en-US", new CollectDigits(Max: 1, Timeout: 5000)),
    TelesignEventNames.SpeakCompleted when evt.DataAs<PromptCompletedData>()?.CollectedDigits == "1" =>
        TelesignAction.Speak("You pressed 1. Goodbye.", "en-US"),
    _ => TelesignAction.Hangup(),
};

namespace MinimalTelesignWebhook
{
    /// <summary>Names this assembly for WebApplicationFactory in the tests.</summary>
    public sealed class SampleEntryPoint;
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TelesignVoice.OperatorConsole.Pages;
using TelesignVoice.Operators;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// The operator console at <c>/console</c>: sign-in and sign-out here, the pages of each area in
/// <see cref="ConsoleCallPages"/>, <see cref="ConsoleFlowPages"/> and <see cref="ConsoleSimulatorPages"/>.
/// Pages are Razor components rendered on the server; forms are plain HTML posts with antiforgery tokens.
/// </summary>
public static class ConsoleEndpoints
{
    public const string BasePath = "/console";

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var open = app.MapGroup(BasePath)
            .ExcludeFromDescription()
            .AddEndpointFilter(ConsoleHeaders.AddAsync);
        open.MapGet("/sign-in", ShowSignIn);
        open.MapPost("/sign-in", SignInAsync).RequireConsoleAntiforgery().RequireRateLimiting(OperatorRateLimiting.PolicyName);

        var pages = app.MapGroup(BasePath)
            .ExcludeFromDescription()
            .RequireAuthorization(ConsoleSession.Policy)
            .AddEndpointFilter(ConsoleHeaders.AddAsync);
        pages.MapGet("/", () => TypedResults.Redirect(BasePath + "/calls"));
        pages.MapPost("/sign-out", (Delegate)SignOutAsync).RequireConsoleAntiforgery();
        pages.MapCallPages();
        pages.MapFlowPages();
        pages.MapSimulatorPages();
        return app;
    }

    public static RazorComponentResult<SignInPage> ShowSignIn([FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
        new(new { ReturnUrl = LocalConsoleUrl(returnUrl) });

    public static async Task<Results<RedirectHttpResult, RazorComponentResult<SignInPage>>> SignInAsync(
        [FromForm(Name = "key")] string? key,
        [FromForm(Name = "return_url")] string? returnUrl,
        HttpContext context,
        ConsoleOperatorKeys keys)
    {
        if (keys.Match(key?.Trim()) is not { } hash)
        {
            // The key typed is never echoed back: the field is empty again.
            return new RazorComponentResult<SignInPage>(new
            {
                ReturnUrl = LocalConsoleUrl(returnUrl),
                Error = string.IsNullOrWhiteSpace(key)
                    ? "Enter your operator key."
                    : "That key is not an operator key of this server. Check it, or ask whoever runs the server for a key from Operators:ApiKeys.",
            })
            {
                StatusCode = StatusCodes.Status401Unauthorized,
            };
        }

        await context.SignInAsync(ConsoleSession.Scheme, ConsoleSession.PrincipalFor(hash), new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Redirect(LocalConsoleUrl(returnUrl) ?? BasePath + "/calls");
    }

    public static async Task<RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(ConsoleSession.Scheme);
        return TypedResults.Redirect(BasePath + "/sign-in?signed_out=1");
    }

    /// <summary>Only console paths of this server: a return URL never leads elsewhere.</summary>
    public static string? LocalConsoleUrl(string? url) =>
        url is not null
        && url.StartsWith(BasePath + "/", StringComparison.Ordinal)
        && !url.Contains("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.StartsWith(BasePath + "/sign-", StringComparison.Ordinal)
            ? url
            : null;

    public static string OperatorName(this ClaimsPrincipal user) => ConsoleSession.OperatorName(user);
}

/// <summary>Headers of every console answer: no caching of pages with call data, no framing, scripts only from the app.</summary>
internal static class ConsoleHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static async ValueTask<object?> AddAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return await next(context);
    }
}

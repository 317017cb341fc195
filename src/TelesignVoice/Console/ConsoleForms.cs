using Microsoft.AspNetCore.Antiforgery;
using TelesignVoice.OperatorConsole.Pages;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// Every console form carries an antiforgery token (the cookie plus the form field); a post without a
/// valid pair is refused with a 400 page before its handler runs, so a page on another site cannot make a
/// signed-in operator's browser place calls or sign out.
/// </summary>
public static class ConsoleForms
{
    public static TBuilder RequireConsoleAntiforgery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        // The framework's own check throws from parameter binding in Development (a 500 there); this one
        // answers the same way everywhere, with a page that says what to do.
        builder.DisableAntiforgery().AddEndpointFilter(ValidateAsync);

    private static async ValueTask<object?> ValidateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return MessagePage.Refused(
                "This form did not come from a page of this console, or it has expired. Reload the page and send it again.");
        }

        return await next(context);
    }
}

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using TelesignVoice.Observability;

namespace TelesignVoice.OperatorConsole;

public static class ConsoleServices
{
    /// <summary>
    /// The operator console: Razor components rendered on the server by minimal-API handlers, a cookie
    /// session that an operator key opens, and antiforgery tokens on every form.
    /// </summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "telesignvoice.console.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.FormFieldName = ConsoleSession.AntiforgeryField;
        });
        services.AddAuthentication()
            .AddCookie(ConsoleSession.Scheme, cookie =>
            {
                cookie.Cookie.Name = "telesignvoice.console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = ConsoleEndpoints.BasePath;
                cookie.LoginPath = ConsoleEndpoints.BasePath + "/sign-in";
                cookie.LogoutPath = ConsoleEndpoints.BasePath + "/sign-out";
                cookie.AccessDeniedPath = ConsoleEndpoints.BasePath + "/denied";
                cookie.ExpireTimeSpan = ConsoleSession.Lifetime;
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = ConsoleSession.ValidateAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleSession.Policy, policy => policy
                .AddAuthenticationSchemes(ConsoleSession.Scheme)
                .RequireAuthenticatedUser());
        services.AddSingleton<ConsoleOperatorKeys>();
        services.AddSingleton(provider => new ConsolePrivacy(
            provider.GetRequiredService<IHostEnvironment>().IsDevelopment()
            && provider.GetRequiredService<IConfiguration>().GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>()?.ShowPersonalData == true));
        services.AddSingleton<CallStories>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, ConsoleCookieTime>();
        return services;
    }
}

/// <summary>The cookie handler reads the clock from <see cref="TimeProvider"/> like the rest of the app.</summary>
internal sealed class ConsoleCookieTime(TimeProvider time) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == ConsoleSession.Scheme)
        {
            options.TimeProvider = time;
        }
    }
}

public static class ConsoleAssets
{
    /// <summary>The console's stylesheet, script and vendored Mermaid, from wwwroot/console (no CDN).</summary>
    public static IApplicationBuilder UseConsoleAssets(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
    }
}

using Microsoft.Extensions.Options;

namespace TelesignVoice.Telesign;

/// <summary>Checks the Telesign section at startup; each message names the key to set.</summary>
internal sealed class TelesignOptionsValidator : IValidateOptions<TelesignOptions>
{
    public ValidateOptionsResult Validate(string? name, TelesignOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            failures.Add("Set Telesign:BaseUrl to Telesign's API root, e.g. https://rest-ww.telesign.com.");
        }
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Telesign:BaseUrl must be an absolute http(s) URL, e.g. https://rest-ww.telesign.com.");
        }

        if (options.Webhook.RequireSignature && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add(
                "Telesign:ApiKey is not set, so webhook signatures cannot be verified. Set Telesign:ApiKey "
                + "(environment variable Telesign__ApiKey) to your Base64 API key, or set "
                + "Telesign:Webhook:RequireSignature to false to accept unsigned events (not for production).");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKey) && !IsBase64(options.ApiKey))
        {
            failures.Add("Telesign:ApiKey is not valid Base64: paste the API key exactly as Telesign's portal shows it.");
        }

        if (options.Webhook.RequireSignature && string.IsNullOrWhiteSpace(options.CustomerId))
        {
            failures.Add(
                "Telesign:CustomerId is not set, but Telesign:Webhook:RequireSignature is true: Telesign's Authorization "
                + "header (TSA {customer_id}:{signature}) cannot be checked. Set Telesign:CustomerId (environment variable "
                + "Telesign__CustomerId) to your customer ID.");
        }

        for (var i = 0; i < options.PreviousApiKeys.Count; i++)
        {
            // An empty entry is ignored (the verifier skips it): it is how an environment variable switches a key off.
            if (!string.IsNullOrWhiteSpace(options.PreviousApiKeys[i]) && !IsBase64(options.PreviousApiKeys[i]))
            {
                failures.Add($"Telesign:PreviousApiKeys:{i} is not valid Base64.");
            }
        }

        // Written out rather than data annotations, which validate by reflection that trimming cannot follow.
        if (options.Webhook.MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add("Telesign:Webhook:MaxBodyBytes must be between 1024 and 1048576.");
        }

        if (string.IsNullOrWhiteSpace(options.Webhook.Path) || !options.Webhook.Path.StartsWith('/'))
        {
            failures.Add("Telesign:Webhook:Path must start with '/', e.g. /webhooks/telesign.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsBase64(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}

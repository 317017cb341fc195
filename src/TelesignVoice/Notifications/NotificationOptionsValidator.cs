using Microsoft.Extensions.Options;

namespace TelesignVoice.Notifications;

/// <summary>Checks the Notifications section at startup; each message names the key to set.</summary>
public sealed class NotificationOptionsValidator(IHostEnvironment environment) : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var urls = new NotificationUrlPolicy(environment, Options.Create(options));
        foreach (var (endpoint, settings) in options.Endpoints)
        {
            var key = $"Notifications:Endpoints:{endpoint}";
            if (string.IsNullOrWhiteSpace(settings.Url))
            {
                failures.Add($"{key}:Url is not set ({EnvironmentVariable(key)}__Url): the URL notifications are POSTed to.");
            }
            else if (urls.Check(settings.Url) is { } problem)
            {
                failures.Add($"{key}:Url {problem}");
            }

            CheckSecrets(failures, $"{key}:Secret", settings.Secret, required: true);
            foreach (var type in settings.EventTypes.Where(type => !NotificationEventTypes.All.Contains(type, StringComparer.Ordinal)))
            {
                failures.Add($"{key}:Events names '{type}', which is not an event type; use {string.Join(", ", NotificationEventTypes.All)} (or leave it empty for all).");
            }
        }

        CheckSecrets(failures, "Notifications:CallbackSecret", options.CallbackSecret, required: false);
        if (options.LeaseSeconds <= options.AttemptTimeoutSeconds)
        {
            failures.Add(
                $"Notifications:LeaseSeconds ({options.LeaseSeconds}) must be longer than Notifications:AttemptTimeoutSeconds "
                + $"({options.AttemptTimeoutSeconds}), or another instance could send a notification while this one still waits for its answer.");
        }

        if (options.MaxRetryDelaySeconds < options.FirstRetryDelaySeconds)
        {
            failures.Add("Notifications:MaxRetryDelaySeconds must be at least Notifications:FirstRetryDelaySeconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSecrets(List<string> failures, string key, string? secrets, bool required)
    {
        var parts = WebhookSigner.SplitSecrets(secrets);
        if (parts.Count == 0 && required)
        {
            failures.Add($"{key} is not set ({EnvironmentVariable(key)}): the whsec_<base64> secret that signs its notifications (generate one with: echo whsec_$(openssl rand -base64 32)).");
        }

        foreach (var part in parts.Where(part => !part.StartsWith(WebhookSigner.SecretPrefix, StringComparison.Ordinal) || WebhookSigner.KeyOf(part) is not { Length: >= 16 }))
        {
            failures.Add($"{key} holds a value that is not whsec_ followed by the base64 of at least 16 random bytes (e.g. echo whsec_$(openssl rand -base64 32)); it starts '{part[..Math.Min(part.Length, 6)]}'.");
        }
    }

    private static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}

using System.Text.Json;

namespace TelesignVoice.Simulator;

/// <summary>The type and range of each action parameter, as docs/telesign-protocol.md (Actions) records it.</summary>
internal static class ActionFieldRules
{
    private const string DtmfAlphabet = "0123456789ABCD*#w";
    private const int MaxCallDurationSeconds = 14_400;

    public static string? CheckDial(JsonElement p)
    {
        if (!p.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(to.GetString()))
        {
            return "dial needs params.to (a string of digits)";
        }

        if (!p.TryGetProperty("caller_id_number", out var callerId) || callerId.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(callerId.GetString()))
        {
            return "dial needs params.caller_id_number (a string of digits)";
        }

        if (p.TryGetProperty("max_call_duration", out var duration))
        {
            if (duration.ValueKind != JsonValueKind.String)
            {
                return $"params.max_call_duration must be a string of seconds, not {ActionValidator.Describe(duration.ValueKind)}";
            }

            if (!int.TryParse(duration.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                || seconds < 1 || seconds > MaxCallDurationSeconds)
            {
                return $"params.max_call_duration must be between \"1\" and \"{MaxCallDurationSeconds}\"";
            }
        }

        if (p.TryGetProperty("is_primary", out var primary) && primary.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "params.is_primary must be a boolean";
        }

        if (p.TryGetProperty("external_id", out var externalId) && externalId.ValueKind != JsonValueKind.String)
        {
            return "params.external_id must be a string";
        }

        return CheckDtmf(p, "send_dtmf", required: false);
    }

    public static string? CheckTts(JsonElement p)
    {
        if (!p.TryGetProperty("tts", out var tts) || tts.ValueKind != JsonValueKind.Object)
        {
            return "speak needs params.tts, an object with message";
        }

        foreach (var property in tts.EnumerateObject())
        {
            if (property.Name is not ("message" or "language"))
            {
                return $"unknown field params.tts.{property.Name}";
            }
        }

        if (!tts.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(message.GetString()))
        {
            return "speak needs params.tts.message, a non-empty string";
        }

        return tts.TryGetProperty("language", out var language) && language.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)
            ? "params.tts.language must be a string such as \"en-US\""
            : null;
    }

    public static string? CheckUrl(JsonElement p) =>
        p.TryGetProperty("url", out var url) && IsAbsoluteUrl(url)
            ? null
            : "play needs params.url, an absolute http(s) URL of an audio file";

    public static string? CheckUrls(JsonElement p)
    {
        if (!p.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array || urls.GetArrayLength() == 0)
        {
            return "play_multiple needs params.urls, a non-empty array of URLs";
        }

        return urls.EnumerateArray().All(IsAbsoluteUrl) ? null : "every entry of params.urls must be an absolute http(s) URL";
    }

    public static string? CheckCollectDigits(JsonElement p)
    {
        if (!p.TryGetProperty("collect_digits", out var collect) || collect.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (collect.ValueKind != JsonValueKind.Object)
        {
            return "params.collect_digits must be an object";
        }

        foreach (var property in collect.EnumerateObject())
        {
            var error = property.Name switch
            {
                "max" => property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var max)
                    ? (max < 1 ? "params.collect_digits.max must be at least 1" : null)
                    : $"params.collect_digits.max must be an integer, not {ActionValidator.Describe(property.Value.ValueKind)}",
                "timeout" or "inter_digit_timeout" =>
                    property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var ms) && ms >= 0
                        ? null
                        : $"params.collect_digits.{property.Name} must be a whole number of milliseconds",
                "terminators" => property.Value.ValueKind == JsonValueKind.String
                    && property.Value.GetString()!.All(c => DtmfAlphabet.Contains(c, StringComparison.Ordinal) && c != 'w')
                        ? null
                        : "params.collect_digits.terminators must be a string of keys such as \"#\"",
                _ => $"unknown field params.collect_digits.{property.Name}",
            };
            if (error is not null)
            {
                return error;
            }
        }

        return collect.TryGetProperty("max", out _) ? null : "params.collect_digits needs max";
    }

    public static string? CheckDtmf(JsonElement p, string field, bool required)
    {
        if (!p.TryGetProperty(field, out var digits))
        {
            return required ? $"params.{field} is required" : null;
        }

        return digits.ValueKind == JsonValueKind.String && digits.GetString() is { Length: > 0 } text
            && text.All(c => DtmfAlphabet.Contains(c, StringComparison.Ordinal))
            ? null
            : $"params.{field} must be a string of 0-9, A-D, *, # and w";
    }

    private static bool IsAbsoluteUrl(JsonElement url) =>
        url.ValueKind == JsonValueKind.String
        && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

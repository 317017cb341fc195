using TelesignVoice.Calls;

namespace TelesignVoice.Flows;

/// <summary>
/// Flows in several languages: a flow declares <c>languages</c>, every say gives its text in each of them,
/// and the call's <c>language</c> variable picks one (a code of the list, or its position: "1" is the
/// first, so a menu can set it with <c>save_as</c>); without it, or with another value, the first is spoken.
/// </summary>
public static class FlowLanguages
{
    /// <summary>The call variable that picks the language.</summary>
    public const string Variable = "language";

    /// <summary>
    /// The TTS languages Telesign is known to speak: the 26 of its legacy Voice API table, which its v2
    /// docs do not list again (docs/telesign-protocol.md, "TTS languages"). Another code is a warning.
    /// </summary>
    public static IReadOnlySet<string> KnownToTelesign { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "zh-HK", "zh-CN", "zh-TW", "da-DK", "nl-NL", "en-AU", "en-GB", "en-US", "en-CA", "en-IN", "fi-FI", "fr-FR", "fr-CA",
        "de-DE", "it-IT", "ja-JP", "ko-KR", "nb-NO", "pl-PL", "pt-BR", "pt-PT", "ru-RU", "es-MX", "es-ES", "ca-ES", "sv-SE",
    };

    /// <summary>The TTS language of a step's say for this call.</summary>
    public static string? Of(FlowDefinition flow, FlowStep step, CallRecord call)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(call);
        if (flow.Languages.Count == 0)
        {
            return step.Language ?? flow.Language;
        }

        var chosen = call.Variables.GetValueOrDefault(Variable);
        if (chosen is not null && int.TryParse(chosen, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
            && position >= 1 && position <= flow.Languages.Count)
        {
            return flow.Languages[position - 1];
        }

        return flow.Languages.FirstOrDefault(l => string.Equals(l, chosen, StringComparison.OrdinalIgnoreCase)) ?? flow.Languages[0];
    }

    /// <summary>The flow-wide rules: languages well formed, known to Telesign (a warning), not mixed with language.</summary>
    public static void Validate(FlowDefinition flow, List<FlowProblem> errors, List<FlowProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        foreach (var language in flow.Languages.Where(l => string.IsNullOrWhiteSpace(l)))
        {
            errors.Add(new FlowProblem(flow.Source, null, "languages", $"'{language}' must be a language code such as en-US"));
        }

        if (flow.Languages.Distinct(StringComparer.OrdinalIgnoreCase).Count() < flow.Languages.Count)
        {
            errors.Add(new FlowProblem(flow.Source, null, "languages", "a language is listed twice"));
        }

        if (flow.Languages.Count > 0 && flow.Language is not null)
        {
            errors.Add(new FlowProblem(flow.Source, null, "language", "give languages or language, not both: with languages, the first is the default"));
        }

        foreach (var (step, id) in flow.Steps.Where(s => s.Value.Language is not null && flow.Languages.Count > 0).Select(s => (s.Value, s.Key)))
        {
            errors.Add(new FlowProblem(flow.Source, id, "language", $"a flow with languages speaks the caller's language; remove this step's language '{step.Language}'"));
        }

        var used = flow.Languages.Append(flow.Language).Concat(flow.Steps.Values.Select(s => s.Language)).OfType<string>();
        foreach (var unknown in used.Where(l => !string.IsNullOrWhiteSpace(l) && !KnownToTelesign.Contains(l)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            warnings.Add(new FlowProblem(flow.Source, null, flow.Languages.Contains(unknown) ? "languages" : "language",
                $"'{unknown}' is not a TTS language Telesign is known to speak ({string.Join(", ", KnownToTelesign.Order(StringComparer.Ordinal))})"));
        }
    }

    /// <summary>What is wrong with a message's say in this flow's languages, or null.</summary>
    public static string? Problem(FlowDefinition flow, FlowMessage message)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Say is null)
        {
            return null;
        }

        if (message.SayIn is { } byLanguage)
        {
            if (flow.Languages.Count == 0)
            {
                return $"say is given in languages ({string.Join(", ", byLanguage.Keys)}), but the flow declares none: add \"languages\": [{string.Join(", ", byLanguage.Keys.Select(k => $"\"{k}\""))}]";
            }

            var missing = flow.Languages.Where(l => !byLanguage.ContainsKey(l)).ToList();
            var extra = byLanguage.Keys.Where(l => !flow.Languages.Contains(l, StringComparer.Ordinal)).ToList();
            if (byLanguage.Values.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            {
                return "missing text: a language's text is empty";
            }

            return missing.Count > 0 ? $"missing the text in {string.Join(", ", missing)} (the flow's languages: {string.Join(", ", flow.Languages)})"
                : extra.Count > 0 ? $"{string.Join(", ", extra)} is not one of the flow's languages ({string.Join(", ", flow.Languages)})"
                : null;
        }

        return flow.Languages.Count > 1
            ? $"give the text in every language of the flow, e.g. {{ {string.Join(", ", flow.Languages.Select(l => $"\"{l}\": \"…\""))} }}"
            : null;
    }
}

using Microsoft.Extensions.Options;
using TelesignVoice.Flows;

namespace TelesignVoice.Observability;

/// <summary>
/// A start refused for its configuration (the options validated at start, flows among them) is told as
/// one block, one mistake per line, without a stack trace: the trace says nothing an operator can act on.
/// </summary>
public static class StartupProblems
{
    /// <summary>The mistakes, or null when <paramref name="exception"/> is not a refused configuration.</summary>
    public static IReadOnlyList<string>? From(Exception exception)
    {
        var failures = exception switch
        {
            OptionsValidationException options => options.Failures,
            AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
                aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures),
            FlowValidationException flows => flows.Problems.Select(p => p.ToString()),
            _ => null,
        };
        return failures?.Distinct(StringComparer.Ordinal).ToList();
    }

    public static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var mistakes = problems.Count == 1 ? "this mistake" : $"these {problems.Count} mistakes";
        return $"TelesignVoice cannot start: fix {mistakes} in the configuration, then start again:"
            + string.Concat(problems.Select(p => $"{Environment.NewLine} - {p}"));
    }
}

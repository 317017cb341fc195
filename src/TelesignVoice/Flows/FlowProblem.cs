namespace TelesignVoice.Flows;

/// <summary>One thing wrong with a flow, said the way its author can find it: file, step, field.</summary>
public sealed record FlowProblem(string Source, string? Step, string? Field, string Message)
{
    public override string ToString()
    {
        var where = Step is null ? Source : $"{Source}, step '{Step}'";
        return Field is null ? $"{where}: {Message}" : $"{where}, {Field}: {Message}";
    }
}

/// <summary>Thrown at startup when a flow or the Flows configuration is invalid; the message lists every problem.</summary>
public sealed class FlowValidationException : Exception
{
    public FlowValidationException(IReadOnlyList<FlowProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    public FlowValidationException()
        : this([])
    {
    }

    public FlowValidationException(string message)
        : base(message) => Problems = [];

    public FlowValidationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [];

    public IReadOnlyList<FlowProblem> Problems { get; }

    private static string Describe(IReadOnlyList<FlowProblem> problems) =>
        $"The call flows are invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}); fix them and start again:"
        + string.Concat(problems.Select(p => $"{Environment.NewLine} - {p}"));
}

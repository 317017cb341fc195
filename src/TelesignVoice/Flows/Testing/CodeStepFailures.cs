namespace TelesignVoice.Flows.Testing;

/// <summary>
/// The flow engine's log of code steps that failed during a flow test: the engine sends such a call to
/// on_error, as it must for a caller, but a test of that call must not pass quietly. It listens for the
/// engine's stable event ids (FlowEngine's Log: 3001 a step that cannot run, 3002 a code step that threw).
/// </summary>
internal sealed class CodeStepFailures : ILoggerProvider
{
    private const int StepFailed = 3001;
    private const int CodeStepThrew = 3002;

    private readonly Lock _gate = new();
    private readonly List<Failure> _failures = [];

    public ILogger CreateLogger(string categoryName) => new Listener(this);

    public void Clear()
    {
        lock (_gate)
        {
            _failures.Clear();
        }
    }

    /// <summary>What failed since <see cref="Clear"/>, one line each, for steps that are code steps of <paramref name="flows"/>.</summary>
    public IReadOnlyList<string> Take(FlowCatalog flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        lock (_gate)
        {
            var lines = _failures
                .Where(f => f.EventId == CodeStepThrew || flows.Find(f.Flow)?.Steps.GetValueOrDefault(f.Step ?? string.Empty)?.Code is not null)
                .Select(f => f.Exception is { } exception
                    ? $"code step '{f.Step}' threw {exception.GetType().Name}: {exception.Message}"
                    : $"{f.Message}; the call went to on_error (or hung up)")
                .ToList();
            _failures.Clear();
            return lines;
        }
    }

    public void Dispose()
    {
    }

    private sealed record Failure(int EventId, string? Flow, string? Step, string Message, Exception? Exception);

    private sealed class Listener(CodeStepFailures owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (StepFailed or CodeStepThrew) || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                return;
            }

            var flow = fields.FirstOrDefault(f => f.Key == "Flow").Value as string;
            var step = fields.FirstOrDefault(f => f.Key == "Step").Value as string;
            lock (owner._gate)
            {
                owner._failures.Add(new Failure(eventId.Id, flow, step, formatter(state, exception), exception));
            }
        }
    }
}

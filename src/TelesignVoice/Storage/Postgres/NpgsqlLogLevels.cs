namespace TelesignVoice.Storage.Postgres;

/// <summary>
/// The logger factory Npgsql gets. Npgsql reports every command it ran at Information; a server that polls
/// its store (the campaign dispatcher, the outbox) would log several such lines a second while doing
/// nothing. Here those lines are Debug, whatever the <c>Serilog</c> section says; Npgsql's warnings and
/// errors keep their level.
/// </summary>
internal sealed class NpgsqlLogLevels(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Demoting(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns and disposes the factory wrapped here.</summary>
    public void Dispose()
    {
    }

    private sealed class Demoting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Demote(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(Demote(logLevel), eventId, state, exception, formatter);

        private static LogLevel Demote(LogLevel level) => level == LogLevel.Information ? LogLevel.Debug : level;
    }
}

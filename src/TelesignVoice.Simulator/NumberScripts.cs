using Microsoft.Extensions.Options;

namespace TelesignVoice.Simulator;

/// <summary>
/// What each destination number does, dial after dial: the nth dial to a number follows its nth script,
/// and once the list runs out the last script repeats (one <c>no_answer</c> entry: never answered). Seeded
/// from <c>Simulator:Numbers:{number}</c>, changed through <c>PUT /simulator/numbers/{number}</c>. Every
/// dial that reaches the simulated account is counted per number, scripted or not, so a test or a
/// rehearsal can tell that nobody was rung twice.
/// </summary>
public sealed class NumberScripts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<CallerScript>> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dials = new(StringComparer.Ordinal);

    public NumberScripts(IOptions<SimulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (number, attempts) in options.Value.Numbers)
        {
            _scripts[number] = [.. attempts];
        }
    }

    /// <summary>Replaces the number's scripts and starts its dial count again from zero.</summary>
    public NumberScriptView Set(string number, IReadOnlyList<CallerScript> attempts)
    {
        lock (_gate)
        {
            _scripts[number] = [.. attempts];
            _dials.Remove(number);
            return ViewLocked(number);
        }
    }

    public bool Remove(string number)
    {
        lock (_gate)
        {
            _dials.Remove(number);
            return _scripts.Remove(number);
        }
    }

    /// <summary>The number's scripts and dials so far; null when it has neither.</summary>
    public NumberScriptView? Find(string number)
    {
        lock (_gate)
        {
            return _scripts.ContainsKey(number) || _dials.ContainsKey(number) ? ViewLocked(number) : null;
        }
    }

    /// <summary>Every number with a script or a dial, in number order.</summary>
    public IReadOnlyList<NumberScriptView> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _scripts.Keys.Union(_dials.Keys).Order(StringComparer.Ordinal).Select(ViewLocked)];
            }
        }
    }

    /// <summary>Counts a dial to <paramref name="number"/>; returns the script of that dial, or null when the number has none.</summary>
    public CallerScript? NextDial(string number)
    {
        lock (_gate)
        {
            var dial = _dials[number] = _dials.GetValueOrDefault(number) + 1;
            return _scripts.TryGetValue(number, out var attempts) && attempts.Count > 0
                ? attempts[Math.Min(dial, attempts.Count) - 1]
                : null;
        }
    }

    private NumberScriptView ViewLocked(string number) =>
        new(number, _scripts.GetValueOrDefault(number) ?? [], _dials.GetValueOrDefault(number));
}

/// <param name="Attempts">The script of each dial in turn; the last repeats.</param>
/// <param name="Dials">Dials to this number that reached the simulated account since its scripts were set.</param>
public sealed record NumberScriptView(string Number, IReadOnlyList<CallerScript> Attempts, int Dials);

/// <summary>The body of <c>PUT /simulator/numbers/{number}</c>.</summary>
public sealed record NumberScriptRequest(IReadOnlyList<CallerScript?>? Attempts);

public sealed record NumberScriptList(IReadOnlyList<NumberScriptView> Numbers);

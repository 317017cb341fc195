using BenchmarkDotNet.Attributes;
using TelesignVoice.Calls;

namespace TelesignVoice.Benchmarks;

/// <summary>
/// <c>PhoneNumbers.Normalize</c> (libphonenumber since the architecture issue) against the hand-written
/// digit filter it replaced, kept here as the baseline. Normalize runs once per <c>POST /calls</c> field and
/// once per transfer step, never on the plain webhook path.
/// </summary>
[MemoryDiagnoser]
public class PhoneNumberBenchmarks
{
    [Params("+1 (555) 555-1212", "442079460958")]
    public string Input { get; set; } = string.Empty;

    [Benchmark(Baseline = true, Description = "hand-written digit filter (before)")]
    public string? HandWritten()
    {
        var trimmed = Input.Trim();
        if (trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }

        var digits = new System.Text.StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length is >= PhoneNumbers.MinDigits and <= PhoneNumbers.MaxDigits ? digits.ToString() : null;
    }

    [Benchmark(Description = "PhoneNumbers.Normalize (libphonenumber)")]
    public string? Library() => PhoneNumbers.Normalize(Input);
}

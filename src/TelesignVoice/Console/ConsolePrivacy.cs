using TelesignVoice.Flows;
using TelesignVoice.Observability;
using TelesignVoice.Privacy;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// What the console shows of callers. Secrets (a sensitive ask's digits, a sensitive variable, anything
/// kept encrypted) follow the one rule notifications follow (<see cref="SensitiveEntries"/>) and are never
/// shown. Personal data (phone numbers, what an ask saved, digits sent on) is masked as in the logs,
/// unless <c>Observability:ShowPersonalData</c> is on in Development (the same rule as the logs).
/// </summary>
public sealed class ConsolePrivacy(bool showPersonalData)
{
    public bool ShowsPersonalData => showPersonalData;

    public string Number(string? number) =>
        showPersonalData ? number ?? string.Empty : PersonalDataEnricher.MaskPhoneNumber(number);

    /// <summary>Digits typed at <paramref name="step"/>: a menu choice is shown, an entry an ask saved is personal data.</summary>
    public string Digits(FlowDefinition? flow, string? step, string? digits) =>
        SensitiveEntries.Digits(flow, step, digits) is SensitiveEntries.Mask ? SensitiveEntries.Mask
        : SavesEntry(flow, step) ? PersonalDigits(digits)
        : digits ?? string.Empty;

    public string Variable(FlowDefinition? flow, string name, string value) =>
        SensitiveEntries.Variable(flow, name, value) is SensitiveEntries.Mask ? SensitiveEntries.Mask
        : flow is null || flow.Steps.Values.Any(step => step.Ask?.SaveAs == name) ? PersonalDigits(value)
        : value;

    /// <summary>Digits that are personal data but not a secret (an account number, digits sent on to a transfer).</summary>
    public string PersonalDigits(string? digits) =>
        showPersonalData ? digits ?? string.Empty : PersonalDataEnricher.MaskDigits(digits);

    /// <summary>An ask that saves what was typed (an account number) keeps personal data; a menu choice does not. Unknown steps are treated as saving.</summary>
    private static bool SavesEntry(FlowDefinition? flow, string? step) =>
        flow is null || step is null || !flow.Steps.TryGetValue(step, out var found) || found.Ask?.SaveAs is not null;
}

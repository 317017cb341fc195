using TelesignVoice.Observability;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// What the console shows of callers: phone numbers and sensitive digits masked as in the logs, unless
/// <c>Observability:ShowPersonalData</c> is on in Development (the same rule as the logs).
/// </summary>
public sealed class ConsolePrivacy(bool showPersonalData)
{
    public bool ShowsPersonalData => showPersonalData;

    public string Number(string? number) =>
        showPersonalData ? number ?? string.Empty : PersonalDataEnricher.MaskPhoneNumber(number);

    /// <summary>Digits an ask saved as a variable (a PIN, an account number) are masked; menu choices are not.</summary>
    public string Digits(string? digits, bool sensitive) =>
        !sensitive || showPersonalData ? digits ?? string.Empty : PersonalDataEnricher.MaskDigits(digits);
}

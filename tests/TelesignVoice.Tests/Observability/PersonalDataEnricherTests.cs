using Serilog;
using Serilog.Events;
using TelesignVoice.Observability;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Observability;

public class PersonalDataEnricherTests
{
    private static LogEvent Capture(bool showPersonalData, Action<Serilog.ILogger> write)
    {
        var sink = new CapturingLogSink();
        using (var logger = new LoggerConfiguration().Enrich.With(new PersonalDataEnricher(showPersonalData)).WriteTo.Sink(sink).CreateLogger())
        {
            write(logger);
        }

        return Assert.Single(sink.Events);
    }

    [Fact]
    public void Phone_numbers_and_digits_are_masked_by_default()
    {
        var logEvent = Capture(false, log => log.Information("Dialling {To} from {CallerIdNumber}, caller pressed {CollectedDigits}", "15555551212", "15554441313", "123456"));

        Assert.Equal("Dialling \"1********12\" from \"1********13\", caller pressed \"[6 digits]\"", logEvent.RenderMessage());
    }

    [Fact]
    public void Personal_data_is_shown_when_asked_for()
    {
        var logEvent = Capture(true, log => log.Information("Dialling {To}", "15555551212"));

        Assert.Equal("Dialling \"15555551212\"", logEvent.RenderMessage());
    }

    [Fact]
    public void Secrets_are_redacted_even_when_personal_data_is_shown()
    {
        var logEvent = Capture(true, log => log.Information("{Authorization} {ApiKey} {X_Api_Key}", "TSA a:b", TestAccount.ApiKey, "operator-key"));

        Assert.Equal("\"[redacted]\" \"[redacted]\" \"[redacted]\"", logEvent.RenderMessage());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("123", "***")]
    [InlineData("4915112345678", "4**********78")]
    public void Masking_keeps_only_the_first_and_last_two_digits(string number, string expected)
    {
        Assert.Equal(expected, PersonalDataEnricher.MaskPhoneNumber(number));
    }
}

using TelesignVoice.Simulator;

namespace TelesignVoice.Tests.Simulator;

public class DigitCollectorTests
{
    [Theory]
    [InlineData("1", 1, null, "1")]
    [InlineData("123", 1, null, "1")]
    [InlineData("12345", 3, "#", "123")]
    [InlineData("12#34", 5, "#", "12")]
    [InlineData("12*34", 5, "#*", "12")]
    [InlineData("#12", 5, "#", "")]
    [InlineData("", 5, "#", "")]
    [InlineData("12#", 5, null, "12#")]
    public void Digits_after_a_terminator_or_beyond_max_are_not_collected(string pressed, int max, string? terminators, string expected)
    {
        Assert.Equal(expected, DigitCollector.Collect(pressed, max, terminators));
    }
}

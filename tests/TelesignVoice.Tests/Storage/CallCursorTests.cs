using System.Buffers.Text;
using System.Text;
using TelesignVoice.Storage;

namespace TelesignVoice.Tests.Storage;

public class CallCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = new CallCursor(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), "REF-1");

        Assert.True(CallCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("1:\u0000")]
    [InlineData("1:a\u001fb")]
    [InlineData("x:REF")]
    [InlineData(":REF")]
    public void A_cursor_with_control_characters_or_no_time_is_refused(string text)
    {
        var encoded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

        Assert.False(CallCursor.TryDecode(encoded, out _));
    }
}

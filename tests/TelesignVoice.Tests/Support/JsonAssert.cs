using System.Text.Json.Nodes;

namespace TelesignVoice.Tests.Support;

public static class JsonAssert
{
    /// <summary>Equal field by field, whatever the formatting or property order; an extra or missing field fails.</summary>
    public static void Equivalent(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actualNode),
            $"JSON differs.\nExpected: {expectedNode?.ToJsonString()}\nActual:   {actualNode?.ToJsonString()}");
    }
}

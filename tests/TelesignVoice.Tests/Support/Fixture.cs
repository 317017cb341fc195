namespace TelesignVoice.Tests.Support;

/// <summary>Telesign's wire examples, copied from the shared reference into Fixtures/.</summary>
public static class Fixture
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}

/// <summary>The account of fixtures/signature-vectors.md.</summary>
public static class TestAccount
{
    public const string CustomerId = "FFFFFFFF-EEEE-DDDD-1234-AB1234567890";
    public const string ApiKey = "EXAMPLETE8sTgg45yusumoN6BYsBVkh+yRJ5czgsnCehZaOYldPJdmFh6NeX8kunZ2zU1YWaUw/0wV6xfw==";

    /// <summary>The operator key the test host accepts in X-Api-Key.</summary>
    public const string OperatorKey = "test-operator-key-5f1c2a9e";
}

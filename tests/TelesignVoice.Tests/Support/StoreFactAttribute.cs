using Xunit.Abstractions;
using Xunit.Sdk;

namespace TelesignVoice.Tests.Support;

/// <summary>
/// A contract test of the call store, run once per provider class deriving from the contract suite.
/// In a class marked <see cref="UsesPostgresAttribute"/> it is reported as not run, with the reason of
/// <see cref="PostgresFactAttribute"/>, where TELESIGNVOICE_TEST_POSTGRES is not set.
/// </summary>
[XunitTestCaseDiscoverer("TelesignVoice.Tests.Support.StoreFactDiscoverer", "TelesignVoice.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose tests need the PostgreSQL of TELESIGNVOICE_TEST_POSTGRES.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UsesPostgresAttribute : Attribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new StoreTestCase(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod);
    }
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(sink, display, displayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(UsesPostgresAttribute)).Any()
        && string.IsNullOrWhiteSpace(PostgresFactAttribute.ConnectionString)
            ? PostgresFactAttribute.SkipReason
            : base.GetSkipReason(factAttribute);
}

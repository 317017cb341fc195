using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TelesignVoice.Security;
using TelesignVoice.Telesign;

namespace TelesignVoice.Benchmarks;

/// <summary>What every webhook request pays before and after its handler: verify, hash, parse, answer.</summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private readonly byte[] _body = Events.PlayCompleted;
    private readonly TelesignAction _action = TelesignAction.Play(
        "https://url-pointing-to-audio-file.com/file.wav", new CollectDigits(5, 10000, 3000, "*"));

    private TelesignSignatureVerifier _verifier = null!;
    private StringValues _authorization;
    private StringValues _tsAuthorization;

    [GlobalSetup]
    public void Setup()
    {
        _verifier = new TelesignSignatureVerifier(Options.Create(new TelesignOptions
        {
            CustomerId = Events.CustomerId,
            ApiKey = Events.ApiKey,
        }));
        var signature = Events.Sign(_body);
        _authorization = $"TSA {Events.CustomerId}:{signature}";
        _tsAuthorization = signature;
    }

    [Benchmark(Description = "verify signature (both headers)")]
    public bool VerifySignature() => _verifier.Verify(_body, _authorization, _tsAuthorization).IsValid;

    [Benchmark(Description = "hash body (duplicate key)")]
    public string HashBody() => Convert.ToHexStringLower(SHA256.HashData(_body));

    [Benchmark(Description = "parse event")]
    public TelesignEvent? ParseEvent() => JsonSerializer.Deserialize(_body, TelesignVoiceJsonContext.Default.TelesignEvent);

    [Benchmark(Description = "parse event + typed data")]
    public string? ParseEventAndData() =>
        JsonSerializer.Deserialize(_body, TelesignVoiceJsonContext.Default.TelesignEvent)?.DataAs<PromptCompletedData>()?.CollectedDigits;

    [Benchmark(Description = "serialise action")]
    public string SerializeAction() => JsonSerializer.Serialize(_action, TelesignVoiceJsonContext.Default.TelesignAction);
}

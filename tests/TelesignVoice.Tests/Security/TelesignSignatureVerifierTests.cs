using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TelesignVoice.Security;
using TelesignVoice.Telesign;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Security;

public class TelesignSignatureVerifierTests
{
    private const string OfficialBody = "{'test': 123}";
    private const string OfficialSignature = "B97g3N9lPdVaptvifxRau7bzVAC5hhRBZ6HKXABN744=";
    private const string VoiceBody =
        """{"event":"incoming_call","reference_id":"BC96D7B0D1800164898350B4E71B005C","data":{"to":"15558675309","from":"15555551212"}}""";
    private const string VoiceSignature = "4pZ/v8VQzRz0R8/vCDjdo3/agyPLsLMe4qiQX6ZM0ok=";

    private static TelesignSignatureVerifier Verifier(params string[] previousKeys)
    {
        var options = new TelesignOptions { CustomerId = TestAccount.CustomerId, ApiKey = TestAccount.ApiKey };
        foreach (var key in previousKeys)
        {
            options.PreviousApiKeys.Add(key);
        }

        return new TelesignSignatureVerifier(Options.Create(options));
    }

    private static SignatureCheck VerifyTsa(string body, string signature, string customerId = TestAccount.CustomerId) =>
        Verifier().Verify(Encoding.UTF8.GetBytes(body), $"TSA {customerId}:{signature}", StringValues.Empty);

    [Theory]
    [InlineData(OfficialBody, OfficialSignature)]
    [InlineData(VoiceBody, VoiceSignature)]
    public void Documented_vectors_verify_in_the_authorization_header(string body, string signature)
    {
        Assert.True(VerifyTsa(body, signature).IsValid);
    }

    [Theory]
    [InlineData(OfficialBody, OfficialSignature)]
    [InlineData(VoiceBody, VoiceSignature)]
    public void Documented_vectors_verify_in_the_x_ts_authorization_header(string body, string signature)
    {
        var check = Verifier().Verify(Encoding.UTF8.GetBytes(body), StringValues.Empty, signature);

        Assert.True(check.IsValid);
    }

    [Fact]
    public void Both_headers_together_verify()
    {
        var check = Verifier().Verify(Encoding.UTF8.GetBytes(VoiceBody), $"TSA {TestAccount.CustomerId}:{VoiceSignature}", VoiceSignature);

        Assert.True(check.IsValid);
    }

    [Fact]
    public void Every_single_byte_change_of_the_body_fails()
    {
        var verifier = Verifier();
        var original = Encoding.UTF8.GetBytes(VoiceBody);
        for (var i = 0; i < original.Length; i++)
        {
            var changed = (byte[])original.Clone();
            changed[i] ^= 0x01;

            var check = verifier.Verify(changed, StringValues.Empty, VoiceSignature);

            Assert.Equal(SignatureFailure.Mismatch, check.Failure);
        }
    }

    [Fact]
    public void Every_single_byte_change_of_the_signature_fails()
    {
        var verifier = Verifier();
        var body = Encoding.UTF8.GetBytes(VoiceBody);
        var signature = Convert.FromBase64String(VoiceSignature);
        for (var i = 0; i < signature.Length; i++)
        {
            var changed = (byte[])signature.Clone();
            changed[i] ^= 0x80;

            var check = verifier.Verify(body, StringValues.Empty, Convert.ToBase64String(changed));

            Assert.False(check.IsValid, $"byte {i} changed still verified");
        }
    }

    [Fact]
    public void Every_single_character_change_of_the_customer_id_fails()
    {
        for (var i = 0; i < TestAccount.CustomerId.Length; i++)
        {
            var chars = TestAccount.CustomerId.ToCharArray();
            chars[i] = chars[i] == '0' ? '1' : '0';

            var check = VerifyTsa(VoiceBody, VoiceSignature, new string(chars));

            Assert.Equal(SignatureFailure.WrongCustomer, check.Failure);
        }
    }

    [Fact]
    public void A_signature_from_a_previous_key_verifies_during_rotation()
    {
        const string previousKey = "cHJldmlvdXMta2V5LWZvci1yb3RhdGlvbi10ZXN0cw==";
        var body = Encoding.UTF8.GetBytes(VoiceBody);
        var signature = TelesignSigner.Sign(body, previousKey);

        Assert.Equal(SignatureFailure.Mismatch, Verifier().Verify(body, StringValues.Empty, signature).Failure);
        Assert.True(Verifier(previousKey).Verify(body, StringValues.Empty, signature).IsValid);
    }

    [Fact]
    public void A_valid_x_ts_header_does_not_excuse_a_bad_authorization_header()
    {
        var check = Verifier().Verify(Encoding.UTF8.GetBytes(VoiceBody), $"TSA {TestAccount.CustomerId}:{OfficialSignature}", VoiceSignature);

        Assert.Equal(SignatureFailure.Mismatch, check.Failure);
    }

    public static TheoryData<string?[], string?[], SignatureFailure> MalformedHeaders => new()
    {
        { [], [], SignatureFailure.Missing },
        { [""], [], SignatureFailure.WrongScheme },
        { [], [""], SignatureFailure.Malformed },
        { [$"Basic {VoiceSignature}"], [], SignatureFailure.WrongScheme },
        { [$"TSA {TestAccount.CustomerId}"], [], SignatureFailure.Malformed },
        { [$"TSA {TestAccount.CustomerId}:"], [], SignatureFailure.Malformed },
        { [$"TSA {TestAccount.CustomerId}:not base64!!"], [], SignatureFailure.Malformed },
        { [], ["not base64!!"], SignatureFailure.Malformed },
        { [], ["AAAA"], SignatureFailure.Malformed },
        { [], [Convert.ToBase64String(new byte[64])], SignatureFailure.Malformed },
        { [$"TSA :{VoiceSignature}"], [], SignatureFailure.WrongCustomer },
        { [$"TSA {TestAccount.CustomerId}:{VoiceSignature}", $"TSA {TestAccount.CustomerId}:{VoiceSignature}"], [], SignatureFailure.MultipleHeaders },
        { [], [VoiceSignature, VoiceSignature], SignatureFailure.MultipleHeaders },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Malformed_headers_fail_with_their_reason(string?[] authorization, string?[] tsAuthorization, SignatureFailure expected)
    {
        var check = Verifier().Verify(Encoding.UTF8.GetBytes(VoiceBody), new StringValues(authorization), new StringValues(tsAuthorization));

        Assert.Equal(expected, check.Failure);
    }
}

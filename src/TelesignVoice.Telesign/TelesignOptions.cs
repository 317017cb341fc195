namespace TelesignVoice.Telesign;

/// <summary>The <c>Telesign</c> section: the account, where dial goes, and the webhook.</summary>
public sealed class TelesignOptions
{
    /// <summary>The configuration section: <c>Telesign</c>.</summary>
    public const string SectionName = "Telesign";

    /// <summary>Telesign customer ID; needed to dial and to check <c>Authorization: TSA {customer_id}:…</c>.</summary>
    public string? CustomerId { get; set; }

    /// <summary>Base64 API key: Basic auth for dial and the HMAC key of webhook signatures. Never commit it.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Keys that were current before a rotation; webhook signatures made with them still verify.</summary>
    public IList<string> PreviousApiKeys { get; } = [];

    /// <summary>Telesign's API root (default <c>https://rest-ww.telesign.com</c>).</summary>
    public string BaseUrl { get; set; } = "https://rest-ww.telesign.com";

    /// <summary>Default caller ID for dial: a voice-capable number leased from Telesign.</summary>
    public string? CallerIdNumber { get; set; }

    /// <summary>How <c>POST /v2/voice</c> is authenticated: <c>Basic</c> (default) or <c>Digest</c> (TSA HMAC, docs/telesign-protocol.md, Authentication of our requests).</summary>
    public TelesignAuthMethod AuthMethod { get; set; } = TelesignAuthMethod.Basic;

    /// <summary>The webhook: path, signature requirement, size limit.</summary>
    public WebhookOptions Webhook { get; set; } = new();
}

/// <summary>How requests to Telesign's REST API are authenticated.</summary>
public enum TelesignAuthMethod
{
    /// <summary><c>Authorization: Basic base64(customer_id:api_key)</c>.</summary>
    Basic,
    /// <summary>Telesign's TSA HMAC signature with Date and nonce.</summary>
    Digest,
}

/// <summary>The <c>Telesign:Webhook</c> section.</summary>
public sealed class WebhookOptions
{
    /// <summary>The route Telesign posts events to (default <c>/webhooks/telesign</c>).</summary>
    public string Path { get; set; } = "/webhooks/telesign";

    /// <summary>Reject unsigned or badly signed events with 401.</summary>
    public bool RequireSignature { get; set; } = true;

    /// <summary>Bodies larger than this are refused with 413; Telesign's events are a few hundred bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

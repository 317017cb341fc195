using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace TelesignVoice.Privacy;

/// <summary>
/// The hashes the store keeps of what may hold a secret (an event's raw body with a PIN in
/// <c>collected_digits</c>, a <c>POST /calls</c> body with a one-time code): HMAC-SHA256 with a server
/// secret, so a database reader cannot find a four-digit PIN by hashing the ten thousand candidates.
/// The secret is <c>DataProtection:HashKey</c> when set, otherwise one made on first start and kept,
/// encrypted with Data Protection, next to the Data Protection keys (so the instances sharing those
/// share it). What is stored in clear anyway is hashed with <see cref="Plain"/> SHA-256, as the release
/// before keyed hashes did for everything, so its instances still recognise those rows during a roll-out.
/// </summary>
public sealed class KeyedHashes : IHostedService
{
    public const string KeyFileName = "hash-key.txt";
    private const int KeyBytes = 32;

    private readonly byte[] _key;

    public KeyedHashes(IDataProtectionProvider provider, DataProtectionSettings settings, string keysFolder)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(settings);
        _key = string.IsNullOrEmpty(settings.HashKey)
            ? StoredKey(provider.CreateProtector("TelesignVoice.KeyedHashes.v1"), Path.Combine(keysFolder, KeyFileName))
            : ConfiguredKey(settings.HashKey);
    }

    private KeyedHashes(byte[] key) => _key = key;

    /// <summary>With a secret that lives only in this process: for runs that store nothing (flow tests).</summary>
    public static KeyedHashes Ephemeral() => new(RandomNumberGenerator.GetBytes(KeyBytes));

    public string Of(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, data));

    /// <summary>Plain SHA-256: for what the store keeps in clear beside its hash, and for rows of the previous release.</summary>
    public static string Plain(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    // Registered as a hosted service only so that a missing or unreadable secret stops the start, not a webhook.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static byte[] ConfiguredKey(string text)
    {
        var key = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, key, out var written) || written < KeyBytes)
        {
            throw new InvalidOperationException(
                "DataProtection:HashKey (environment variable DataProtection__HashKey) must be at least 32 random bytes in Base64, e.g. openssl rand -base64 32; every instance sharing a database needs the same one.");
        }

        return key[..written];
    }

    private static byte[] StoredKey(IDataProtector protector, string path)
    {
        if (!File.Exists(path))
        {
            // Written whole, then moved into place without overwriting: of instances starting together,
            // one secret wins and every instance reads that one.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var written = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(written, protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes))));
            try
            {
                File.Move(written, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(written);
            }
        }

        try
        {
            return Convert.FromBase64String(protector.Unprotect(File.ReadAllText(path)));
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"The hash secret in {path} cannot be decrypted with the Data Protection keys of DataProtection:KeysPath: restore the keys it was made with, or set DataProtection:HashKey.",
                exception);
        }
    }
}

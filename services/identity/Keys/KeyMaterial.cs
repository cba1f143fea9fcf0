using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace SocialCommerce.Identity.Keys;

/// <summary>
/// The RS256 signing key and the phone-number key. Outside Development both must come from configuration
/// (a Kubernetes Secret); in Development they are generated once and kept in the database, so a laptop run
/// needs no secrets and no key is ever committed.
/// </summary>
public sealed class KeyMaterial
{
    public KeyMaterial(IOptions<IdentityOptions> options, IHostEnvironment environment, NpgsqlDataSource dataSource)
    {
        var settings = options.Value;
        var development = environment.IsDevelopment();
        var pem = settings.SigningKeyPem ?? (development ? LoadOrCreate(dataSource, "signing-key", CreatePem)
            : throw new InvalidOperationException("Identity:SigningKeyPem is required outside Development."));
        var phoneKey = settings.PhoneKey ?? (development ? LoadOrCreate(dataSource, "phone-key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            : throw new InvalidOperationException("Identity:PhoneKey is required outside Development."));

        SigningKey = Import(pem);
        PublishedKeys = settings.SecondKeyPem is { Length: > 0 } second ? [SigningKey, Import(second)] : [SigningKey];
        if (PublishedKeys.Select(key => key.KeyId).Distinct().Count() != PublishedKeys.Count)
            throw new InvalidOperationException("Identity:SecondKeyPem is the signing key itself; give the next or the previous key.");
        PhoneKey = Convert.FromBase64String(phoneKey);
        if (PhoneKey.Length != 32) throw new InvalidOperationException("Identity:PhoneKey must be 32 bytes, base64-encoded.");
    }

    public RsaSecurityKey SigningKey { get; }

    /// <summary>What the JWKS publishes and identity accepts: the signing key, and the second key while a rotation runs.</summary>
    public IReadOnlyList<RsaSecurityKey> PublishedKeys { get; }
    public byte[] PhoneKey { get; }

    // The key id is the key's JWK thumbprint, so the same key always has the same kid wherever it is configured.
    private static RsaSecurityKey Import(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private static string CreatePem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    // Replicas racing at first start agree on whichever row landed first.
    private static string LoadOrCreate(NpgsqlDataSource dataSource, string name, Func<string> create)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            "INSERT INTO development_keys (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name, value = create() });
        return connection.ExecuteScalar<string>("SELECT value FROM development_keys WHERE name = @name", new { name })!;
    }
}

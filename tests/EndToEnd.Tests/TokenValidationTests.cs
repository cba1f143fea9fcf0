using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace SocialCommerce.EndToEnd.Tests;

/// <summary>
/// Tokens that must not get through: each is sent to the gateway and straight to identity, because the edge
/// check and the service's own check must both hold.
/// </summary>
public sealed class TokenValidationTests
{
    private static readonly string[] Targets = [Platform.GatewayUrl, Platform.IdentityUrl];
    private RsaSecurityKey platformKey = null!;
    private Guid userId;

    [OneTimeSetUp]
    public async Task LoadKey()
    {
        // The development key lives in identity's database; production keys come from a Secret.
        await using var connection = new NpgsqlConnection(Platform.IdentityDatabase);
        var pem = await connection.ExecuteScalarAsync<string>("SELECT value FROM development_keys WHERE name = 'signing-key'");
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        platformKey = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(new RsaSecurityKey(rsa).ComputeJwkThumbprint()) };
        var phone = GatewayClient.NewPhone();
        userId = await GatewayClient.SignUpAsync(phone);
    }

    private string Sign(SecurityKey key, string algorithm, DateTime expires, string? issuer = null, string audience = "socialcommerce") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Platform.IdentityUrl,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("role", "admin")]),
            NotBefore = expires.AddMinutes(-30),
            IssuedAt = expires.AddMinutes(-30),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });

    private async Task AssertRejectedAsync(string token)
    {
        foreach (var target in Targets)
        {
            using var client = GatewayClient.Create(token, target);
            await (await client.GetAsync("/api/identity/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Test]
    public async Task Me_TokenSignedWithPlatformKey_Accepted()
    {
        // The control case: proves the forgeries below fail for their flaw, not for how this test builds tokens.
        var token = Sign(platformKey, SecurityAlgorithms.RsaSha256, DateTime.UtcNow.AddMinutes(5));
        foreach (var target in Targets)
        {
            using var client = GatewayClient.Create(token, target);
            Assert.That((await client.GetAsync("/api/identity/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), target);
        }
    }

    [Test]
    public Task Me_ExpiredToken_Rejected() =>
        AssertRejectedAsync(Sign(platformKey, SecurityAlgorithms.RsaSha256, DateTime.UtcNow.AddMinutes(-5)));

    [Test]
    public Task Me_TokenSignedByAnotherKey_Rejected() =>
        AssertRejectedAsync(Sign(new RsaSecurityKey(RSA.Create(2048)) { KeyId = platformKey.KeyId }, SecurityAlgorithms.RsaSha256,
            DateTime.UtcNow.AddMinutes(5)));

    [Test]
    public Task Me_WrongAudience_Rejected() =>
        AssertRejectedAsync(Sign(platformKey, SecurityAlgorithms.RsaSha256, DateTime.UtcNow.AddMinutes(5), audience: "someone-else"));

    [Test]
    public Task Me_WrongIssuer_Rejected() =>
        AssertRejectedAsync(Sign(platformKey, SecurityAlgorithms.RsaSha256, DateTime.UtcNow.AddMinutes(5), issuer: "https://evil.example"));

    [Test]
    public Task Me_AlgNone_Rejected()
    {
        var valid = Sign(platformKey, SecurityAlgorithms.RsaSha256, DateTime.UtcNow.AddMinutes(5));
        var payload = valid.Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        return AssertRejectedAsync($"{header}.{payload}.");
    }

    [Test]
    public Task Me_Hs256WithPublicKeyAsSecret_Rejected()
    {
        // The classic algorithm-confusion attack: HMAC keyed with the RSA public key everyone can fetch from JWKS.
        var publicKey = Encoding.UTF8.GetBytes(platformKey.Rsa.ExportSubjectPublicKeyInfoPem());
        return AssertRejectedAsync(Sign(new SymmetricSecurityKey(publicKey) { KeyId = platformKey.KeyId }, SecurityAlgorithms.HmacSha256,
            DateTime.UtcNow.AddMinutes(5)));
    }

    [Test]
    public Task Me_TamperedPayload_Rejected()
    {
        var parts = Sign(platformKey, SecurityAlgorithms.RsaSha256, DateTime.UtcNow.AddMinutes(5)).Split('.');
        var forgedPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace(userId.ToString(), Guid.NewGuid().ToString()));
        return AssertRejectedAsync($"{parts[0]}.{forgedPayload}.{parts[2]}");
    }
}

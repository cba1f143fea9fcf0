using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SocialCommerce.Identity.Tests;

/// <summary>Signing keys rotate without signing anyone out: the JWKS publishes a second key, and tokens of either are accepted.</summary>
public sealed class KeyRotationTests
{
    [Test]
    public async Task Jwks_SecondKeyConfigured_PublishesBothAndAcceptsTokensOfEitherButNoOther()
    {
        using var second = RSA.Create(2048);
        await using var app = await IdentityApp.StartAsync(new Dictionary<string, string>
        {
            ["Identity:SecondKeyPem"] = second.ExportSubjectPublicKeyInfoPem(),
        });
        var (userId, tokens, _) = await app.SignedUpUserAsync();
        using var stranger = RSA.Create(2048);

        var jwks = await app.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        var kids = jwks.GetProperty("keys").EnumerateArray().Select(key => key.GetProperty("kid").GetString()).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(kids, Has.Count.EqualTo(2).And.Contains(KeyId(second)));
            Assert.That(await MeAsync(app, tokens.AccessToken), Is.EqualTo(HttpStatusCode.OK), "signed with the current key");
            Assert.That(await MeAsync(app, Sign(second, userId)), Is.EqualTo(HttpStatusCode.OK), "signed with the second key");
            Assert.That(await MeAsync(app, Sign(stranger, userId)), Is.EqualTo(HttpStatusCode.Unauthorized), "signed with a key nobody published");
        });
    }

    private static async Task<HttpStatusCode> MeAsync(IdentityApp app, string accessToken)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.GetAsync("/api/identity/me")).StatusCode;
    }

    private static string KeyId(RSA rsa) => Base64UrlEncoder.Encode(new RsaSecurityKey(rsa).ComputeJwkThumbprint());

    private static string Sign(RSA rsa, Guid userId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = IdentityApp.Issuer,
        Audience = "socialcommerce",
        Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("role", "shopper")]),
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = KeyId(rsa) }, SecurityAlgorithms.RsaSha256),
    });
}

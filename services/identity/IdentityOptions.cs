namespace SocialCommerce.Identity;

public sealed class IdentityOptions
{
    public string Issuer { get; set; } = "";
    public string? SigningKeyPem { get; set; }

    /// <summary>
    /// A second key (public or private PEM) published in the JWKS and accepted, never used to sign: the next key before a
    /// rotation (so every service has it cached before tokens signed with it appear), the previous one after it (so tokens
    /// it signed stay valid until they expire). docs/architecture.md, "Key rotation".
    /// </summary>
    public string? SecondKeyPem { get; set; }
    public string? PhoneKey { get; set; }
    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>
    /// The platform's services that may ask for a service token (<c>/connect/token</c>), by name, with their client secrets
    /// (<c>Identity__ServiceClients__order</c>); the service holds the same secret as <c>ServiceAuth__ClientSecret</c>.
    /// </summary>
    public Dictionary<string, string> ServiceClients { get; set; } = new();

    public int ServiceTokenMinutes { get; set; } = 10;

    /// <summary>
    /// The other services' parts of a person's data export: name → URL of that service's <c>/me/export</c>, called with the
    /// person's own token. An empty URL leaves a part out (a deployment without that service).
    /// </summary>
    public Dictionary<string, string> ExportParts { get; set; } = new();
    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>A sign-in ends this many days after it began, however often it was refreshed; then the user signs in again.</summary>
    public int SessionMaxDays { get; set; } = 90;

    /// <summary>PBKDF2-HMAC-SHA512 iterations; 210,000 is OWASP's 2023 figure for SHA-512.</summary>
    public int PasswordIterations { get; set; } = 210_000;
}

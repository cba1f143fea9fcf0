using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SocialCommerce.Identity.Passwords;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a per-password salt. The iteration count is stored with each hash, so raising
/// it later only affects new hashes and old ones keep verifying.
/// </summary>
public sealed class PasswordHasher(IOptions<IdentityOptions> options)
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verified against when the phone is unknown, so timing does not reveal which numbers have accounts.
    private readonly Lazy<string> decoy = new(() => new PasswordHasher(options).Hash("decoy-password-never-matches"));

    public string Hash(string password)
    {
        var iterations = options.Value.PasswordIterations;
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"pbkdf2-sha512${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public bool Verify(string password, string? stored)
    {
        var parts = (stored ?? decoy.Value).Split('$');
        if (parts is not ["pbkdf2-sha512", var iterationText, var saltText, var hashText]) return false;
        var expected = Convert.FromBase64String(hashText);
        var actual = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password), Convert.FromBase64String(saltText), int.Parse(iterationText),
            HashAlgorithmName.SHA512, expected.Length);
        return stored is not null && CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

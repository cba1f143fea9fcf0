using System.Security.Cryptography;
using System.Text;
using SocialCommerce.Identity.Keys;

namespace SocialCommerce.Identity.Phones;

/// <summary>
/// Phones are found by a keyed hash (HMAC-SHA256, so a leaked table cannot be reversed by enumerating the
/// ~10^10 mobile numbers) and kept AES-GCM encrypted only so the owner can export them.
/// </summary>
public sealed class PhoneProtector(KeyMaterial keys)
{
    private readonly byte[] lookupKey = Derive(keys.PhoneKey, "phone-lookup");
    private readonly byte[] encryptionKey = Derive(keys.PhoneKey, "phone-encryption");

    public byte[] Hash(PhoneNumber phone) => HMACSHA256.HashData(lookupKey, Encoding.ASCII.GetBytes(phone.Digits));

    public byte[] Encrypt(PhoneNumber phone)
    {
        var plain = Encoding.ASCII.GetBytes(phone.Digits);
        var output = new byte[12 + 16 + plain.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(encryptionKey, 16);
        aes.Encrypt(nonce, plain, output.AsSpan(28), output.AsSpan(12, 16));
        return output;
    }

    public string Decrypt(byte[] cipher)
    {
        var plain = new byte[cipher.Length - 28];
        using var aes = new AesGcm(encryptionKey, 16);
        aes.Decrypt(cipher.AsSpan(0, 12), cipher.AsSpan(28), cipher.AsSpan(12, 16), plain);
        return Encoding.ASCII.GetString(plain);
    }

    private static byte[] Derive(byte[] key, string purpose) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(purpose));
}

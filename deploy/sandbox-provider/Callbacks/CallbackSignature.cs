using System.Security.Cryptography;
using System.Text;

namespace SocialCommerce.SandboxProvider.Callbacks;

/// <summary>
/// <c>X-Sandbox-Signature: v1=&lt;hex HMAC-SHA256(webhookSecret, "&lt;timestamp&gt;.&lt;raw body&gt;")&gt;</c>. Signing the
/// timestamp with the body lets the receiver reject old replays; the "v1=" prefix leaves room for a second scheme
/// during a key or algorithm rotation, as Stripe-style signatures do.
/// </summary>
public static class CallbackSignature
{
    public const string TimestampHeader = "X-Sandbox-Timestamp";
    public const string SignatureHeader = "X-Sandbox-Signature";

    public static string Compute(string webhookSecret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(webhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "v1=" + Convert.ToHexStringLower(mac);
    }
}

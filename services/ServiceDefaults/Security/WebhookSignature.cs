using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SocialCommerce.ServiceDefaults.Security;

/// <summary>
/// "v1=" + hex HMAC-SHA256(secret, "{timestamp}.{body}"), the scheme of the sandbox payment provider and of the carrier
/// callbacks (and of Stripe-like providers): the timestamp inside the signature bounds replays to the tolerance window;
/// the caller's event id then stops repeats inside it.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    public static WebhookRejection? Verify(string? timestampHeader, string? signatureHeader, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return new WebhookRejection("missing-timestamp", "no valid timestamp header");
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
            return new WebhookRejection("stale-timestamp", $"timestamp {timestamp} is outside the {tolerance.TotalSeconds:0} s window");
        if (string.IsNullOrEmpty(signatureHeader))
            return new WebhookRejection("missing-signature", "no signature header");

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signatureHeader);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : new WebhookRejection("bad-signature", "the signature does not match");
    }
}

/// <summary>Why a callback was refused: <paramref name="Reason"/> is a short metric label, the detail goes to the log.</summary>
public sealed record WebhookRejection(string Reason, string Detail);

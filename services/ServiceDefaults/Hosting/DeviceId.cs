using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SocialCommerce.ServiceDefaults.Hosting;

/// <summary>
/// The X-Device-Id header apps send (an install id, 8–64 letters, digits, '-' or '_'), read by identity at sign-up and by
/// referral at binding. It is only a signal for referral's anti-fraud checks (many accounts from one device), so a missing or
/// malformed one is ignored, never refused.
/// </summary>
public static partial class DeviceId
{
    public const string Header = "X-Device-Id";

    public static string? Of(HttpContext context) =>
        context.Request.Headers[Header].ToString() is { Length: > 0 } value && Shape().IsMatch(value) ? value : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex Shape();
}

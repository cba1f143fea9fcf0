using System.ComponentModel.DataAnnotations;

namespace SocialCommerce.ReferralCommission;

public sealed class ReferralOptions
{
    /// <summary>The gateway's address as shoppers reach it: share links are this plus <c>/s/{code}</c>.</summary>
    [Required, Url]
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>How often frozen commission past its freeze period is looked for and made available.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SettleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back bindings with the same signal are counted for a fraud flag.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan FraudWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>This many accounts bound from one device within the window raise a flag.</summary>
    [Range(2, 1000)]
    public int SameDeviceThreshold { get; set; } = 3;

    /// <summary>This many accounts bound to one referrer from one phone prefix (first 7 digits) within the window raise a flag.</summary>
    [Range(2, 1000)]
    public int SamePhonePrefixThreshold { get; set; } = 5;

    /// <summary>How long one payout call to payment-adapter may take before the withdrawal is left pending for a retry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PayoutTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often withdrawals whose payout came to nothing are tried again; each retry of one waits twice as long (at most an hour).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PayoutRetryInterval { get; set; } = TimeSpan.FromSeconds(30);
}

using System.Text.RegularExpressions;
using SocialCommerce.Order.Carts;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Checkout;

/// <summary>Everything about a checkout that can be judged without asking another service.</summary>
public static partial class CheckoutValidation
{
    public const int MaxKeyLength = 100;

    public static Validator Validate(string? idempotencyKey, CheckoutRequest request, OrderOptions options)
    {
        var validator = new Validator()
            .Check(!string.IsNullOrWhiteSpace(idempotencyKey), "Idempotency-Key", "header is required")
            .Check(idempotencyKey is null || idempotencyKey.Length <= MaxKeyLength, "Idempotency-Key", $"must be at most {MaxKeyLength} characters");
        CartLines.Validate(validator, request.Lines, options);
        var address = request.ShippingAddress;
        validator.Check(address is not null, "shippingAddress", "is required");
        if (address is not null)
        {
            validator.Required("shippingAddress.name", address.Name).MaxLength("shippingAddress.name", address.Name, 50)
                .Required("shippingAddress.phone", address.Phone)
                .Check(address.Phone is null || MainlandMobile().IsMatch(address.Phone), "shippingAddress.phone", "must be a mainland mobile number (11 digits starting with 1)")
                .Required("shippingAddress.region", address.Region).MaxLength("shippingAddress.region", address.Region, 100)
                .Required("shippingAddress.line1", address.Line1).MaxLength("shippingAddress.line1", address.Line1, 200);
        }

        validator.Check(request.ReferralCode is null || ReferralCode().IsMatch(request.ReferralCode), "referralCode", "must be 4 to 32 letters or digits");
        return validator;
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex("^[A-Za-z0-9]{4,32}$")]
    private static partial Regex ReferralCode();
}

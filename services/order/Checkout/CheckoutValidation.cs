using System.Text.RegularExpressions;
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
        ValidateLines(validator, request.Lines, options);
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

    /// <summary>Shared with the cart, which holds the same lines before checkout.</summary>
    public static void ValidateLines(Validator validator, IReadOnlyList<CartLine?>? lines, OrderOptions options, bool allowEmpty = false)
    {
        if (lines is null || lines.Count == 0)
        {
            validator.Check(allowEmpty, "lines", "at least one line is required");
            return;
        }

        validator.Check(lines.Count <= options.MaxLines, "lines", $"at most {options.MaxLines} lines");
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is not { } line)
            {
                validator.Add($"lines[{i}]", "is required");
                continue;
            }

            validator.Check(line.SkuId != Guid.Empty, $"lines[{i}].skuId", "is required")
                .Check(line.Quantity >= 1 && line.Quantity <= options.MaxQuantityPerLine, $"lines[{i}].quantity",
                    $"must be between 1 and {options.MaxQuantityPerLine}");
        }

        // Missing lines are reported above, each once; they are no duplicates of each other.
        var present = lines.Where(line => line is not null).ToList();
        validator.Check(present.Select(line => line!.SkuId).Distinct().Count() == present.Count, "lines", "each SKU may appear once");
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    [GeneratedRegex("^[A-Za-z0-9]{4,32}$")]
    private static partial Regex ReferralCode();
}

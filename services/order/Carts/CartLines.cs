using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Carts;

public sealed record CartLine(Guid SkuId, int Quantity);

/// <summary>The limits on a list of lines, shared by the cart and every checkout (which buys such a list).</summary>
public static class CartLines
{
    public static void Validate(Validator validator, IReadOnlyList<CartLine?>? lines, OrderOptions options, bool allowEmpty = false)
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
}

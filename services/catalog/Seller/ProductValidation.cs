using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Catalog.Seller;

/// <summary>
/// Checks a product body (POST and PUT share it) and reports every bad field by its JSON path, e.g.
/// <c>skus[1].price</c>. Whether the category exists is the caller's check: it needs the database.
/// </summary>
public static class ProductValidation
{
    public const int TitleMax = 60, DescriptionMax = 5000, ImagesMax = 20, TagsMax = 20, TagMax = 20, SkusMax = 50;
    /// <summary>Units one SKU may hold: far above any real stock, far below int's range, so sums of stock never wrap.</summary>
    public const int MaxStock = 10_000_000;

    public const int AttributesMax = 10, AttributeNameMax = 20, AttributeValueMax = 40, ImageUrlMax = 1000;

    public static ProductDraft? Validate(ProductRequest request, Validator validator)
    {
        var title = request.Title?.Trim();
        validator.Required("title", title).MaxLength("title", title, TitleMax)
            .MaxLength("description", request.Description, DescriptionMax)
            .Check(request.CategoryId is not null, "categoryId", "is required");

        var images = request.Images ?? [];
        validator.Check(images.Count <= ImagesMax, "images", $"must have at most {ImagesMax} entries");
        for (var i = 0; i < images.Count; i++)
        {
            validator.Check(IsHttpsUrl(images[i]), $"images[{i}]", "must be an absolute https URL")
                .MaxLength($"images[{i}]", images[i], ImageUrlMax);
        }

        var tags = (request.Tags ?? []).Select(tag => tag?.Trim()).ToList();
        validator.Check(tags.Count <= TagsMax, "tags", $"must have at most {TagsMax} entries");
        for (var i = 0; i < tags.Count; i++)
        {
            validator.Required($"tags[{i}]", tags[i]).MaxLength($"tags[{i}]", tags[i], TagMax);
        }

        var skus = ValidateSkus(request.Skus ?? [], validator);
        if (!validator.IsValid) return null;
        return new ProductDraft(title!, request.Description ?? "", request.CategoryId!.Value, images.Select(i => i!).ToArray(),
            tags.Select(tag => tag!).Distinct().ToArray(), skus);
    }

    private static List<SkuDraft> ValidateSkus(IReadOnlyList<SkuRequest?> skus, Validator validator)
    {
        validator.Check(skus.Count is > 0 and <= SkusMax, "skus", $"must have between 1 and {SkusMax} SKUs");
        var drafts = new List<SkuDraft>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < skus.Count; i++)
        {
            var path = $"skus[{i}]";
            if (skus[i] is not { } sku)
            {
                validator.Add(path, "is required");
                continue;
            }

            var attributes = ValidateAttributes(sku.Attributes ?? [], $"{path}.attributes", validator);
            var price = ValidateMoney(sku.Price, $"{path}.price", validator);
            var listPrice = sku.ListPrice is null ? price : ValidateMoney(sku.ListPrice, $"{path}.listPrice", validator);
            validator.Check(price is null || listPrice is null || listPrice >= price, $"{path}.listPrice", "must not be below price")
                .Check(sku.Stock is not null, $"{path}.stock", "is required")
                .Check(sku.Stock is null or (>= 0 and <= MaxStock), $"{path}.stock", $"must be between 0 and {MaxStock}")
                .Check(sku.LowStockThreshold is null or (>= 0 and <= MaxStock), $"{path}.lowStockThreshold", $"must be between 0 and {MaxStock}");
            if (attributes is null) continue;

            var key = SkuAttributes.Key(attributes);
            if (!seen.TryAdd(key, i))
            {
                validator.Add($"{path}.attributes", $"repeats the attribute set of skus[{seen[key]}]");
                continue;
            }

            if (price is null || listPrice is null || sku.Stock is not (>= 0 and <= MaxStock)) continue;
            drafts.Add(new SkuDraft(attributes, key, price.Value, listPrice.Value, sku.Stock.Value, sku.LowStockThreshold));
        }

        return drafts;
    }

    private static Dictionary<string, string>? ValidateAttributes(Dictionary<string, string?> attributes, string path, Validator validator)
    {
        var ok = attributes.Count <= AttributesMax;
        validator.Check(ok, path, $"must have at most {AttributesMax} attributes");
        var trimmed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawName, rawValue) in attributes)
        {
            var name = rawName.Trim();
            var value = rawValue?.Trim() ?? "";
            var nameOk = name.Length is > 0 and <= AttributeNameMax;
            var valueOk = value.Length is > 0 and <= AttributeValueMax;
            var unique = trimmed.TryAdd(name, value);
            validator.Check(nameOk, path, $"attribute names must be 1 to {AttributeNameMax} characters")
                .Check(valueOk, $"{path}.{rawName}", $"must be 1 to {AttributeValueMax} characters")
                .Check(unique, path, $"attribute \"{name}\" appears twice");
            ok &= nameOk && valueOk && unique;
        }

        return ok ? trimmed : null;
    }

    /// <summary>A price in fen; null (with the field error added) when it is missing, not positive or not CNY.</summary>
    public static long? ValidateMoney(Money? money, string path, Validator validator)
    {
        if (money is not { } value)
        {
            validator.Add(path, "is required");
            return null;
        }

        var inRange = value.Amount is > 0 and <= Money.MaxAmount;
        validator.Check(inRange, path, $"amount must be between 1 and {Money.MaxAmount} (in fen)")
            .Check(value.Currency == Money.Cny, path, "currency must be CNY");
        return inRange && value.Currency == Money.Cny ? value.Amount : null;
    }

    private static bool IsHttpsUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);
}

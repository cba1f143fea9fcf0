using SocialCommerce.ApiClient.Order.Models;

namespace SocialCommerce.Web.Components.Shared;

/// <summary>
/// A shipping address and the idempotency key of the order it will place. The key is made when the form is first shown
/// and travels in a hidden field, so a double tap or a resubmitted form places the order once.
/// </summary>
public sealed class AddressInput
{
    public string? Name { get; set; }

    public string? Phone { get; set; }

    public string? Region { get; set; }

    public string? Line1 { get; set; }

    public int Quantity { get; set; } = 1;

    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");

    public ShippingAddress ToAddress() => new() { Name = Name?.Trim(), Phone = Phone?.Trim(), Region = Region?.Trim(), Line1 = Line1?.Trim() };
}

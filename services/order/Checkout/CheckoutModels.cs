using System.Text.Json.Serialization;
using SocialCommerce.ServiceDefaults;

namespace SocialCommerce.Order.Checkout;

public sealed record CartLine(Guid SkuId, int Quantity);

public sealed record ShippingAddress(string? Name, string? Phone, string? Region, string? Line1);

public sealed record CheckoutRequest(IReadOnlyList<CartLine>? Lines, ShippingAddress? ShippingAddress, string? ReferralCode);

public sealed record PaymentLink(Guid PaymentId, string PayUrl);

/// <param name="TeamId">The group-buy team the order holds a place in (group-buy checkouts only).</param>
public sealed record CheckoutResponse(
    Guid OrderId, string OrderNo, string Status, Money Total, PaymentLink Payment, DateTimeOffset ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TeamId = null);

/// <summary>Why a checkout was refused, kept with the idempotency key so a repeat is refused the same way.</summary>
public sealed record CheckoutProblem(string Title, string Code, IReadOnlyList<Guid>? SkuIds = null);

/// <summary>The answer to one checkout: 201 with the order, or a 4xx/503 problem.</summary>
public sealed record CheckoutResult(int StatusCode, CheckoutResponse? Order, CheckoutProblem? Problem)
{
    public static CheckoutResult Placed(CheckoutResponse order) => new(StatusCodes.Status201Created, order, null);

    public static CheckoutResult Refused(int statusCode, string title, string code, IReadOnlyList<Guid>? skuIds = null) =>
        new(statusCode, null, new CheckoutProblem(title, code, skuIds));

    /// <summary>Transient failures are not stored: the same key may be retried and will run again.</summary>
    public bool IsFinal => StatusCode < 500;
}

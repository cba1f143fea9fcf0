using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Orders;
using SocialCommerce.ServiceDefaults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Order.Checkout;

public sealed record CheckoutRequest(IReadOnlyList<CartLine>? Lines, ShippingAddress? ShippingAddress, string? ReferralCode);

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

    /// <summary>A refused checkout as problem+json: its code (and the SKUs at fault) as extensions clients can switch on.</summary>
    public ProblemHttpResult ToProblem()
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Problem!.Code };
        if (Problem.SkuIds is { Count: > 0 }) extensions["skuIds"] = Problem.SkuIds;
        return TypedResults.Problem(title: Problem.Title, statusCode: StatusCode, type: ProblemTypes.ForStatus(StatusCode), extensions: extensions);
    }
}

using Npgsql;
using SocialCommerce.Order.Orders;

namespace SocialCommerce.Order.Checkout;

/// <summary>
/// What kind of checkout runs: the cart's (catalog prices), or a campaign's (its price for its SKU, and work that must
/// commit with the order or not at all, such as taking a group-buy place). <see cref="Target"/> joins the request body
/// in the Idempotency-Key's fingerprint, so one key cannot start a team and then join another.
/// </summary>
public sealed record CheckoutPlan(string Target, Guid? CampaignId = null, long? UnitPrice = null, CheckoutPlan.Hook? WithinWrite = null)
{
    /// <summary>Runs in the order's transaction after the order row is written; a non-null answer refuses the checkout (rolled back).</summary>
    public delegate Task<CheckoutResult?> Hook(NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRow order);

    /// <summary>Runs on the checkout's connection before any stock is asked for; a non-null answer refuses the checkout.</summary>
    public delegate Task<CheckoutResult?> Gate(NpgsqlConnection connection, Guid orderId, Guid userId);

    /// <summary>Runs when a checkout that passed <see cref="BeforeReserve"/> ends without writing its order.</summary>
    public delegate Task Undo(NpgsqlConnection connection, Guid orderId);

    /// <summary>A flash sale's admission: decided before the catalog is called, so refused attempts never reach its SKU row.</summary>
    public Gate? BeforeReserve { get; init; }

    public Undo? Abandoned { get; init; }

    /// <summary>How long the order may wait for payment; the service's default when null.</summary>
    public TimeSpan? PaymentTimeout { get; init; }

    public static readonly CheckoutPlan Cart = new("cart");
}

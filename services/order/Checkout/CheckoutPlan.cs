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

    public static readonly CheckoutPlan Cart = new("cart");
}

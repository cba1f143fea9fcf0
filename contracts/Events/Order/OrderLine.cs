namespace SocialCommerce.Contracts.Events.Order;

/// <summary>One line of an order as its events carry it: the price is the snapshot taken at checkout, in fen.</summary>
public sealed record OrderLine(Guid SkuId, Guid ProductId, int Quantity, long UnitPrice);

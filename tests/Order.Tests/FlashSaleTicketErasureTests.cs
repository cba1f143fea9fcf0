using Dapper;
using SocialCommerce.Order.Carts;
using SocialCommerce.Order.Checkout;
using SocialCommerce.Order.FlashSales;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Order.Tests;

/// <summary>
/// A flash-sale ticket keeps the checkout it was placed from (the shipping address too) with its owed call: PIPL erasure
/// blanks it as it blanks the orders, and the data export shows it to its owner only.
/// </summary>
[TestFixture]
public sealed class FlashSaleTicketErasureTests
{
    private OrderDatabase db = null!;

    [OneTimeSetUp]
    public void CreateDatabase() => db = OrderDatabase.Create();

    [Test]
    public async Task EraseAddresses_UsersTicket_RecipientPhoneAndStreetBlankedOthersKept()
    {
        var (erased, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var erasedTicket = await OweTicketAsync(erased);
        var otherTicket = await OweTicketAsync(other);

        await db.InTransactionAsync(async (connection, transaction) =>
        {
            await FlashSaleTickets.EraseAddressesAsync(connection, transaction, erased);
            return 0;
        });

        Assert.Multiple(async () =>
        {
            Assert.That(await AddressPartAsync(erasedTicket, "name"), Is.EqualTo("已注销"));
            Assert.That(await AddressPartAsync(erasedTicket, "phone"), Is.Empty);
            Assert.That(await AddressPartAsync(erasedTicket, "line1"), Is.Empty);
            Assert.That(await AddressPartAsync(erasedTicket, "region"), Is.EqualTo(OrderDatabase.Address.Region), "the region stays, as in orders");
            Assert.That(await AddressPartAsync(otherTicket, "phone"), Is.EqualTo(OrderDatabase.Address.Phone));
        });
    }

    [Test]
    public async Task PersonalData_UsersTickets_OnlyTheirs()
    {
        var (owner, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var mine = await OweTicketAsync(owner);
        await OweTicketAsync(other);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<Guid>(FlashSaleTickets.PersonalData[0].Sql, new { userId = owner })).ToList();

        Assert.That(rows, Is.EqualTo(new[] { mine }));
    }

    private async Task<Guid> OweTicketAsync(Guid userId)
    {
        var ticketId = Guid.CreateVersion7();
        var checkout = new CheckoutRequest([new CartLine(Guid.CreateVersion7(), 1)], OrderDatabase.Address, null);
        await db.InTransactionAsync(async (connection, transaction) =>
        {
            await OwedCalls.AddAsync(connection, transaction, PlaceTicketOrderCall.CallKind, ticketId,
                new TicketOrder(userId, Guid.NewGuid().ToString(), Guid.CreateVersion7(), checkout, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow,
                id: ticketId, firstAttemptAt: DateTimeOffset.UtcNow.AddDays(1));
            return 0;
        });
        return ticketId;
    }

    private Task<string?> AddressPartAsync(Guid ticketId, string part) =>
        db.ScalarAsync<string?>("SELECT payload #>> ARRAY['request', 'shippingAddress', @part] FROM owed_calls WHERE id = @ticketId", new { ticketId, part });
}

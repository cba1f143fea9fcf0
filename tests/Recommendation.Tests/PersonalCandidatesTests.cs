using Dapper;
using Microsoft.Extensions.Options;
using SocialCommerce.Contracts.Events.Identity;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.Recommendation.Models;
using SocialCommerce.Recommendation.Serving;
using static SocialCommerce.Recommendation.Tests.ModelTests;

namespace SocialCommerce.Recommendation.Tests;

/// <summary>
/// A replica's in-memory copy of the shoppers: it answers from memory until refreshed, and one refresh brings every kind
/// of change (consents, purchases, model runs, privacy deletions, erasure), including one committed late by an older
/// transaction.
/// </summary>
public sealed class PersonalCandidatesTests
{
    private RecommendationDatabase db = null!;
    private PersonalCandidates copy = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        db = await RecommendationDatabase.CreateAsync();
        copy = new PersonalCandidates(db.DataSource, Options.Create(new RecommendationOptions()), TimeProvider.System);
    }

    [TearDown]
    public async Task Dispose() => await db.DisposeAsync();

    private Task<Shopper> ShopperAsync(Guid userId) => copy.ForAsync(userId, CancellationToken.None);

    /// <summary>I follow a friend who bought a product; she consents to social proof, I to personalised recommendations.</summary>
    private async Task<(Guid Me, Guid Friend, Guid Pick, DateTimeOffset Now)> FollowingABuyerAsync()
    {
        var (me, friend) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var pick = await db.ListedProductAsync();
        var now = DateTimeOffset.UtcNow;
        await db.DeliverAsync(Paid(friend, now, pick));
        await db.DeliverAsync(new Followed(me, "user", friend, now));
        await db.DeliverAsync(new ConsentsChanged(friend, true, false, false, now.AddMinutes(-1)));
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, now.AddMinutes(-1)));
        return (me, friend, pick, now);
    }

    [Test]
    public async Task Refresh_ConsentAndPurchaseAfterTheLoad_AnsweredFromMemoryUntilRefreshed()
    {
        var me = Guid.CreateVersion7();
        var (a, b) = (await db.ListedProductAsync(), await db.ListedProductAsync());
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.That((await ShopperAsync(me)).Personalised, Is.True, "the first answer loads everyone");

        await db.DeliverAsync(Paid(me, DateTimeOffset.UtcNow, a));
        await db.DeliverAsync(new ConsentsChanged(me, false, false, false, DateTimeOffset.UtcNow));
        var remembered = await ShopperAsync(me);
        Assert.That((remembered.Personalised, remembered.Bought.Length), Is.EqualTo((true, 0)), "memory, not the database, until the next refresh");

        await copy.RefreshAsync(CancellationToken.None);

        var shopper = await ShopperAsync(me);
        Assert.Multiple(() =>
        {
            Assert.That(shopper.Personalised, Is.False);
            Assert.That(shopper.Bought, Is.EqualTo(new[] { a }));
            Assert.That(shopper.Bought, Does.Not.Contain(b));
        });
    }

    [Test]
    public async Task Refresh_ModelRunThenFriendWithdrawsSocialProof_FriendsBoughtAppearsThenGoesBeforeAnyRun()
    {
        var (me, friend, pick, now) = await FollowingABuyerAsync();
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(me)).FriendsBought, Is.Empty);

        await db.Models.RunOnceAsync(now);
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(me)).FriendsBought.Select(item => item.ProductId), Is.EqualTo(new[] { pick }),
            "a model run is read in full, though no note names me");

        await db.DeliverAsync(new ConsentsChanged(friend, false, false, false, now));
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(me)).FriendsBought, Is.Empty, "her withdrawal noted me, her follower");
    }

    [Test]
    public async Task Refresh_UnfollowAndErasure_TheirRowsLeaveMemoryToo()
    {
        var (me, friend, _, now) = await FollowingABuyerAsync();
        await db.DeliverAsync(Paid(me, now, await db.ListedProductAsync()));
        await db.Models.RunOnceAsync(now);
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(me)).FriendsBought, Is.Not.Empty);

        await db.DeliverAsync(new Unfollowed(me, "user", friend, now.AddSeconds(1)));
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(me)).FriendsBought, Is.Empty);

        await db.DeliverAsync(new UserErased(me, DateTimeOffset.UtcNow));
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That(await ShopperAsync(me), Is.SameAs(Shopper.Unknown), "nothing kept about an erased shopper");
    }

    [Test]
    public async Task Refresh_NightlyRun_TasteAndSimilarReadForEveryone()
    {
        var me = Guid.CreateVersion7();
        var (a, b, c) = (await db.ListedProductAsync(), await db.ListedProductAsync(), await db.ListedProductAsync());
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        for (var n = 0; n < 5; n++) await db.DeliverAsync(Paid(Guid.CreateVersion7(), now, a, b, c));
        await db.DeliverAsync(Paid(me, now, a, b));
        await db.DeliverAsync(new ConsentsChanged(me, false, true, false, now));
        await db.Models.RunOnceAsync(DateTimeOffset.UtcNow);
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(me)).Taste, Is.Empty);

        await db.Nightly.RunAsync(new AlsSettings(Factors: 4, Iterations: 4));
        await copy.RefreshAsync(CancellationToken.None);

        var shopper = await ShopperAsync(me);
        Assert.Multiple(() =>
        {
            Assert.That(shopper.Taste.Select(item => item.ProductId), Is.EqualTo(new[] { c }));
            Assert.That(shopper.Similar.Select(item => item.ProductId), Is.EqualTo(new[] { c }));
            Assert.That(shopper.SimilarSince, Is.Empty, "my choices are the nightly run's now");
        });
    }

    [Test]
    public async Task Refresh_ChangeCommittedLateByAnOlderTransaction_NotSkipped()
    {
        var (early, late) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var product = await db.ListedProductAsync();
        await copy.RefreshAsync(CancellationToken.None);

        // The older transaction writes first but commits after a younger one was already seen by a refresh.
        await using var slow = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await slow.ExecuteAsync(
            "INSERT INTO interactions (user_id, product_id, kind, source, weight, at) VALUES (@early, @product, 'purchase', 'slow', 1, now())",
            new { early, product }, transaction);
        await db.DeliverAsync(Paid(late, DateTimeOffset.UtcNow, product));
        await copy.RefreshAsync(CancellationToken.None);
        Assert.That((await ShopperAsync(late)).Bought, Is.EqualTo(new[] { product }));
        Assert.That((await ShopperAsync(early)).Bought, Is.Empty, "not committed yet");

        await transaction.CommitAsync();
        await copy.RefreshAsync(CancellationToken.None);

        Assert.That((await ShopperAsync(early)).Bought, Is.EqualTo(new[] { product }));
    }

    [Test]
    public async Task ModelRun_NotesOlderThanKept_Deleted_YoungerKept()
    {
        var (old, young) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO serving_changes (user_id, at) VALUES (@old, now() - @age), (@young, now())",
                new { old, young, age = PersonalCandidates.ChangesKept + TimeSpan.FromMinutes(1) });
        }

        await db.Models.RunOnceAsync(DateTimeOffset.UtcNow);

        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM serving_changes WHERE user_id = @old", new { old }), Is.Zero,
            "an erased user's id does not outlive the notes' ten minutes");
        Assert.That(await db.ScalarAsync<long>("SELECT count(*) FROM serving_changes WHERE user_id = @young", new { young }), Is.EqualTo(1));
    }
}

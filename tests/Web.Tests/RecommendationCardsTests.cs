using SocialCommerce.ApiClient.Recommendation.Models;
using SocialCommerce.Web.Api;

namespace SocialCommerce.Web.Tests;

public sealed class RecommendationCardsTests
{
    [TestCase("friends-bought", "好友买过")]
    [TestCase("similar-to-purchase", "猜你喜欢")]
    [TestCase("trending", "热销")]
    [TestCase("popular", "热销")]
    public void Label_KnownReason_ShopperFacingWords(string reason, string label) =>
        Assert.That(RecommendationCards.Label(reason), Is.EqualTo(label));

    [TestCase("a-source-added-later")]
    [TestCase(null)]
    public void Label_UnknownReason_NoLabel(string? reason) =>
        Assert.That(RecommendationCards.Label(reason), Is.Null);

    [Test]
    public void ToCard_RecommendedItemWithoutImage_CardWithPriceAndNoSalesOrImage()
    {
        var item = new RecommendedItem
        {
            ProductId = Guid.NewGuid(), Title = "安溪铁观音", ImageUrl = null, Reason = "friends-bought", Score = 0.9,
            Price = new Money { Amount = 12800, Currency = "CNY" },
        };

        var card = RecommendationCards.ToCard(item);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(card.ProductId, Is.EqualTo(item.ProductId));
            Assert.That(card.Title, Is.EqualTo("安溪铁观音"));
            Assert.That(card.Price?.Amount, Is.EqualTo(12800));
            Assert.That(card.Image, Is.Null, "the card's frame shows the title's first character instead");
            Assert.That(card.Sales, Is.Null, "no sales line rather than a wrong 已售 0");
        }
    }
}

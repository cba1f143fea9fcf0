using SocialCommerce.Moderation.Pipeline;
using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Pipeline;

public class ScreeningResultTests
{
    [Test]
    public void Reasons_NestedHitOfSameCategory_LeftOutButOtherCategoriesKept()
    {
        var result = new ScreeningResult("block",
        [
            new FieldHits("title", "全网最低价 加微信", [
                new Hit("全网最低价", Categories.AdvertisingLaw, 0, 5),
                new Hit("最低价", Categories.AdvertisingLaw, 2, 3),
                new Hit("加微信", Categories.Contact, 6, 3),
                new Hit("微信", Categories.Contact, 7, 2),
            ]),
            new FieldHits("description", "最低价", [new Hit("最低价", Categories.AdvertisingLaw, 0, 3)]),
        ]);

        Assert.That(result.Reasons(), Is.EqualTo(new[]
        {
            "title: \"全网最低价\" (advertising-law) at 0, length 5",
            "title: \"加微信\" (contact) at 6, length 3",
            "description: \"最低价\" (advertising-law) at 0, length 3",
        }));
    }
}

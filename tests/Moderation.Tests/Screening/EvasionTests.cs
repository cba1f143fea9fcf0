using SocialCommerce.Moderation.Screening;

namespace SocialCommerce.Moderation.Tests.Screening;

/// <summary>The evasions the issue names, screened with the starter lexicon; positions are in the original text.</summary>
public class EvasionTests
{
    [TestCase("请加微 信聊", "加微信", Categories.Contact, 1, 4)]
    [TestCase("微 信", "微信", Categories.Contact, 0, 3)]
    [TestCase("微*信", "微信", Categories.Contact, 0, 3)]
    [TestCase("微🙂信", "微信", Categories.Contact, 0, 4)]
    [TestCase("微\u200b信", "微信", Categories.Contact, 0, 3)]
    [TestCase("ｗｅｉｘｉｎ", "weixin", Categories.Contact, 0, 6)]
    [TestCase("WeiXin", "weixin", Categories.Contact, 0, 6)]
    [TestCase("w\u0435ixin", "weixin", Categories.Contact, 0, 6)]
    [TestCase("加V", "加v", Categories.Contact, 0, 2)]
    [TestCase("加Ｖ", "加v", Categories.Contact, 0, 2)]
    [TestCase("加v信", "加v", Categories.Contact, 0, 2)]
    [TestCase("加v信", "v信", Categories.Contact, 1, 2)]
    [TestCase("有事私 聊", "私聊", Categories.Contact, 2, 3)]
    [TestCase("國家級", "国家级", Categories.AdvertisingLaw, 0, 3)]
    [TestCase("国 家 级", "国家级", Categories.AdvertisingLaw, 0, 5)]
    [TestCase("全网最低價", "全网最低价", Categories.AdvertisingLaw, 0, 5)]
    [TestCase("销/量/第/一", "销量第一", Categories.AdvertisingLaw, 0, 7)]
    [TestCase("本店可刷-单", "刷单", Categories.Fraud, 3, 3)]
    [TestCase("线上賭場", "赌场", Categories.Gambling, 2, 2)]
    [TestCase("1 3 8 0 0 1 3 8 0 0 0", "phone-number", Categories.Contact, 0, 21)]
    [TestCase("电话138-0013-8000", "phone-number", Categories.Contact, 2, 13)]
    [TestCase("１３８００１３８０００", "phone-number", Categories.Contact, 0, 11)]
    [TestCase("一三八零零一三八零零零", "phone-number", Categories.Contact, 0, 11)]
    [TestCase("打 0 138 0013 8000", "phone-number", Categories.Contact, 4, 13)]
    [TestCase("138 0013 8000 6号楼", "phone-number", Categories.Contact, 0, 13)]
    [TestCase("幺三八 零零壹三 捌零零零", "phone-number", Categories.Contact, 0, 13)]
    [TestCase("1️⃣3️⃣8️⃣0️⃣0️⃣1️⃣3️⃣8️⃣0️⃣0️⃣0️⃣", "phone-number", Categories.Contact, 0, 31)]
    [TestCase("qq：12345678", "qq-number", Categories.Contact, 0, 11)]
    [TestCase("扣扣 1234567", "qq-number", Categories.Contact, 0, 10)]
    [TestCase("企鹅号是 8 8 6 6 5 5", "qq-number", Categories.Contact, 0, 16)]
    [TestCase("wx: abc_12345", "wechat-id", Categories.Contact, 0, 13)]
    [TestCase("有问题加薇信 shop-2024 谢谢", "wechat-id", Categories.Contact, 4, 12)]
    [TestCase("VX号：Ｈｅｌｌｏ＿８８８", "wechat-id", Categories.Contact, 0, 13)]
    [TestCase("搜 wxid_a1b2c3d4e5", "wechat-id", Categories.Contact, 2, 15)]
    [TestCase("http://evil.example.com", "url", Categories.Contact, 0, 23)]
    [TestCase("点开 https://t.example.cn/x?y=1。", "url", Categories.Contact, 3, 26)]
    [TestCase("www.example.cn", "url", Categories.Contact, 0, 14)]
    [TestCase("ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ", "url", Categories.Contact, 0, 15)]
    [TestCase("上 shop888.top 领券", "url", Categories.Contact, 2, 11)]
    [TestCase("搜 abcd点com", "url", Categories.Contact, 2, 8)]
    [TestCase("发到 seller.li@163.com 吧", "email", Categories.Contact, 3, 17)]
    [TestCase("seller＠qq。com", "email", Categories.Contact, 0, 13)]
    public void FindAll_Evasion_IsCaughtAtOriginalPosition(string text, string term, string category, int start, int length)
    {
        var hits = Starter.Matcher.FindAll(text);

        Assert.That(hits, Has.Some.EqualTo(new Hit(term, category, start, length)), Starter.Describe(hits));
    }

    [TestCase("vxworks 嵌入式开发板")]
    [TestCase("qqmusic 会员")]
    [TestCase("档案盒 5.5cm 加厚")]
    [TestCase("官网 3.cn 和 1.5.io 都不是网址")]
    [TestCase("订单号 1380013800012")]
    [TestCase("快递单号：SF1380013800012345")]
    [TestCase("最近天气不错")]
    [TestCase("第一次买，唯一的缺点是有点贵")]
    [TestCase("用微信支付付的款")]
    [TestCase("iPhone 15 Pro Max 256GB 官方正品")]
    [TestCase("10月1日下单，3天后收到，花了129元")]
    [TestCase("旺仔 QQ糖 20g*20袋")]
    [TestCase("尺码表：S 155 M 160 L 165")]
    [TestCase("规格 1 2 3 4 5 6 7 8 9 10 11 12 号可选")]
    [TestCase("身高 150 155 160 165 170 175 180 cm 都有")]
    public void FindAll_OrdinaryText_HasNoHits(string text)
    {
        var hits = Starter.Matcher.FindAll(text);

        Assert.That(hits, Is.Empty, Starter.Describe(hits));
    }
}

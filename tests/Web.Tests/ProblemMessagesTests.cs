using Microsoft.Kiota.Abstractions.Serialization;
using SocialCommerce.ApiClient.Identity.Models;
using SocialCommerce.Web.Api;

namespace SocialCommerce.Web.Tests;

public sealed class ProblemMessagesTests
{
    [Test]
    public void From_ValidationProblem_TranslatesEachFieldsMessages()
    {
        var problem = new Problem
        {
            Status = 400,
            Errors = new Problem_errors
            {
                AdditionalData = new Dictionary<string, object>
                {
                    ["phone"] = new UntypedArray([new UntypedString("must be a mainland China mobile number")]),
                    ["nickname"] = new UntypedArray([new UntypedString("must be at most 32 characters")]),
                    ["password"] = new UntypedArray([new UntypedString("a message nobody translated")]),
                },
            },
        };

        var messages = ProblemMessages.From(problem);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(messages.Summary, Is.EqualTo("请检查标红的内容。"));
            Assert.That(messages.For("phone"), Is.EqualTo("请输入 11 位中国大陆手机号"));
            Assert.That(messages.For("nickname"), Is.EqualTo("最多 32 个字"));
            Assert.That(messages.For("password"), Is.EqualTo("a message nobody translated"), "shown as it is rather than hidden");
            Assert.That(messages.For("inviteCode"), Is.Null);
        }
    }

    [Test]
    public void From_ConflictWithAKnownCode_GivesThePagesMeaning()
    {
        var problem = new Problem { Status = 409, Code = "phone-taken" };

        var messages = ProblemMessages.From(problem, new Dictionary<string, string> { ["phone-taken"] = "这个手机号已经注册过了。" });

        Assert.That(messages.Summary, Is.EqualTo("这个手机号已经注册过了。"));
    }

    [TestCase(401, "请先登录。")]
    [TestCase(409, "操作与当前状态冲突，请刷新后重试。")]
    [TestCase(429, "操作太频繁，请稍后再试。")]
    [TestCase(503, "服务暂时不可用，请稍后再试。")]
    public void From_Status_PlainChineseSummary(int status, string summary) =>
        Assert.That(ProblemMessages.From(new Problem { Status = status }).Summary, Is.EqualTo(summary));

    [Test]
    public void From_NetworkFailure_AsksToTryAgain() =>
        Assert.That(ProblemMessages.From(new HttpRequestException("refused")).Summary, Is.EqualTo("网络开小差了，请稍后再试。"));
}

using System.Net;

namespace SocialCommerce.Moderation.Tests.Cases;

/// <summary>The owner appeals a rejection once; another moderator than the one who rejected decides it.</summary>
public sealed class AppealTests : ModerationFixture
{
    /// <summary>A held product a moderator rejected: the case, its owner's client and the rejecting moderator's client.</summary>
    private async Task<(Guid CaseId, Guid ProductId, HttpClient Owner, HttpClient Rejecter)> RejectedByModeratorAsync()
    {
        var (caseId, ownerId, productId) = await App.HeldProductAsync();
        var rejecter = App.NewModerator();
        await rejecter.ClaimAsync(caseId);
        Assert.That((await rejecter.DecideAsync(caseId, "reject", "站外引流")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (caseId, productId, App.CreateClient(ownerId, "merchant"), rejecter);
    }

    [Test]
    public async Task Appeal_ByOwner_ReentersQueueForAnotherModeratorWhoMayApprove()
    {
        var (caseId, productId, owner, rejecter) = await RejectedByModeratorAsync();
        using var other = App.NewModerator();

        var appealed = await owner.AppealAsync(caseId, "“微信”指微信支付，不是站外联系方式");
        var rejecterQueue = await (await rejecter.GetAsync("/api/moderation/cases?status=pending&limit=100")).JsonAsync();
        var rejecterClaim = await rejecter.ClaimAsync(caseId);
        var otherClaim = await other.ClaimAsync(caseId);
        var decided = await other.DecideAsync(caseId, "approve", "申诉成立");

        Assert.That(appealed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await rejecterClaim.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(otherClaim.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var view = await decided.JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((await appealed.JsonAsync()).GetProperty("status").GetString(), Is.EqualTo("appealed"));
            Assert.That(rejecterQueue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()), Does.Not.Contain(caseId));
            Assert.That(view.GetProperty("stage").GetString(), Is.EqualTo("appeal"));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("approved"));
            Assert.That(view.GetProperty("appeal").GetProperty("statement").GetString(), Is.EqualTo("“微信”指微信支付，不是站外联系方式"));
            Assert.That(await App.EventsAsync("ContentApproved", productId), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Appeal_Second_Returns409AndChangesNothing()
    {
        var (caseId, _, owner, _) = await RejectedByModeratorAsync();
        Assert.That((await owner.AppealAsync(caseId)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        using var other = App.NewModerator();
        await other.ClaimAsync(caseId);
        await other.DecideAsync(caseId, "reject", "申诉不成立");
        var before = await App.CaseStateAsync(caseId);

        var second = await owner.AppealAsync(caseId, "再申诉一次");

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("already-appealed"));
        Assert.That(await App.CaseStateAsync(caseId), Is.EqualTo(before));
    }

    [Test]
    public async Task Appeal_BySomeoneElse_Returns403AndChangesNothing()
    {
        var (caseId, _, _, _) = await RejectedByModeratorAsync();
        using var stranger = App.CreateClient(Guid.CreateVersion7(), "merchant");
        var before = await App.CaseStateAsync(caseId);

        await (await stranger.AppealAsync(caseId)).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.That(await App.CaseStateAsync(caseId), Is.EqualTo(before));
    }

    [Test]
    public async Task Appeal_PendingCase_Returns409()
    {
        var (caseId, ownerId, _) = await App.HeldProductAsync();
        using var owner = App.CreateClient(ownerId, "merchant");

        var problem = await (await owner.AppealAsync(caseId)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("case-not-rejected"));
    }

    [Test]
    public async Task Appeal_BlockedByScreening_AnyModeratorDecidesIt()
    {
        var (caseId, ownerId, productId) = await App.BlockedProductAsync();
        using var owner = App.CreateClient(ownerId, "merchant");
        using var moderator = App.NewModerator();

        Assert.That((await owner.AppealAsync(caseId)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await moderator.ClaimAsync(caseId)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await moderator.DecideAsync(caseId, "approve", "非遗名录正式名称")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.Multiple(async () =>
        {
            Assert.That(await App.EventsAsync("ContentRejected", productId), Has.Count.EqualTo(1));
            Assert.That(await App.EventsAsync("ContentApproved", productId), Has.Count.EqualTo(1));
        });
    }

    [TestCase("{}")]
    [TestCase("""{ "caseId": "0190a000-0000-7000-8000-000000000001" }""")]
    public async Task Appeal_BadBody_Returns400(string body)
    {
        using var owner = App.CreateClient(Guid.CreateVersion7(), "merchant");

        var response = await owner.PostAsync("/api/moderation/appeals", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Appeal_UnknownCase_Returns404()
    {
        using var owner = App.CreateClient(Guid.CreateVersion7(), "merchant");

        await (await owner.AppealAsync(Guid.CreateVersion7())).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

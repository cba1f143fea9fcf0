using System.Net;
using System.Text.Json;

namespace SocialCommerce.Moderation.Tests.Cases;

/// <summary>Claim and decide: claims lapse, only the claim holder decides, a decision is final and published.</summary>
public sealed class ReviewQueueTests : ModerationFixture
{
    [Test]
    public async Task ListPending_HeldProducts_OldestFirstWithHitsAndCursor()
    {
        var first = await App.HeldProductAsync();
        var second = await App.HeldProductAsync();
        using var moderator = App.NewModerator();

        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await moderator.GetAsync($"/api/moderation/cases?status=pending&limit=1{(cursor is null ? "" : "&cursor=" + cursor)}")).JsonAsync();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("caseId").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var view = await (await moderator.GetAsync($"/api/moderation/cases/{first.CaseId}")).JsonAsync();

        Assert.Multiple(() =>
        {
            Assert.That(ids.IndexOf(first.CaseId), Is.LessThan(ids.IndexOf(second.CaseId)).And.GreaterThanOrEqualTo(0));
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("pending"));
            var title = view.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "title");
            Assert.That(title.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("category").GetString()), Has.Some.EqualTo("contact"));
        });
    }

    [Test]
    public async Task Claim_HeldByAnother_Returns409UntilTheClaimLapses()
    {
        var (caseId, _, _) = await App.HeldProductAsync();
        using var first = App.NewModerator();
        using var second = App.NewModerator();
        Assert.That((await first.ClaimAsync(caseId)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var before = await App.CaseStateAsync(caseId);

        var refused = await second.ClaimAsync(caseId);
        var unchanged = await App.CaseStateAsync(caseId);
        await App.ExecuteAsync("UPDATE cases SET claim_expires_at = now() - interval '1 second' WHERE id = @caseId", new { caseId });
        var afterLapse = await second.ClaimAsync(caseId);
        var lateDecision = await first.DecideAsync(caseId, "approve");

        await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.That(unchanged, Is.EqualTo(before));
        Assert.That(afterLapse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await lateDecision.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Claim_TenModeratorsAtOnce_ExactlyOneWins()
    {
        var (caseId, _, _) = await App.HeldProductAsync();
        var moderators = Enumerable.Range(0, 10).Select(_ => App.NewModerator()).ToList();

        var responses = await Task.WhenAll(moderators.Select(m => m.ClaimAsync(caseId)));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(9));
        });
        moderators.ForEach(m => m.Dispose());
    }

    [Test]
    public async Task Decide_Unclaimed_Returns409AndChangesNothing()
    {
        var (caseId, _, _) = await App.HeldProductAsync();
        using var moderator = App.NewModerator();
        var before = await App.CaseStateAsync(caseId);

        await (await moderator.DecideAsync(caseId, "approve")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.That(await App.CaseStateAsync(caseId), Is.EqualTo(before));
    }

    [Test]
    public async Task Decide_Approve_PublishesApprovedOnceAndSecondDecisionIs409()
    {
        var (caseId, _, productId) = await App.HeldProductAsync();
        using var moderator = App.NewModerator();
        await moderator.ClaimAsync(caseId);

        var decided = await moderator.DecideAsync(caseId, "approve", "咨询方式为平台客服，非站外引流");
        var again = await moderator.DecideAsync(caseId, "reject");

        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        var approved = await App.EventsAsync("ContentApproved", productId);
        var view = await decided.JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("approved"));
            Assert.That(view.GetProperty("decision").GetProperty("reason").GetString(), Is.EqualTo("咨询方式为平台客服，非站外引流"));
            Assert.That(approved, Has.Count.EqualTo(1));
            Assert.That(JsonDocument.Parse(approved[0]).RootElement.GetProperty("caseId").GetGuid(), Is.EqualTo(caseId));
            Assert.That(await App.EventsAsync("ContentRejected", productId), Is.Empty);
            Assert.That(await App.ScalarAsync<string>(
                "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE subject = 'case:' || @caseId", new { caseId }),
                Is.EqualTo("screened,claimed,approved"));
        });
    }

    [Test]
    public async Task Decide_Reject_PublishesRejectedWithTheModeratorsReason()
    {
        var (caseId, _, productId) = await App.HeldProductAsync();
        using var moderator = App.NewModerator();
        await moderator.ClaimAsync(caseId);

        Assert.That((await moderator.DecideAsync(caseId, "reject", "引导买家到站外交易")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var rejected = JsonDocument.Parse((await App.EventsAsync("ContentRejected", productId)).Single()).RootElement;
        Assert.That(rejected.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "引导买家到站外交易" }));
    }

    [TestCase("{}")]
    [TestCase("""{ "outcome": "maybe", "reason": "x" }""")]
    [TestCase("""{ "outcome": "approve", "reason": "  " }""")]
    public async Task Decide_BadBody_Returns400AndChangesNothing(string body)
    {
        var (caseId, _, _) = await App.HeldProductAsync();
        using var moderator = App.NewModerator();
        await moderator.ClaimAsync(caseId);
        var before = await App.CaseStateAsync(caseId);

        var response = await moderator.PostAsync($"/api/moderation/cases/{caseId}/decision",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await App.CaseStateAsync(caseId), Is.EqualTo(before));
    }

    [Test]
    public async Task Queue_WrongRoleOrNoToken_403And401()
    {
        var (caseId, ownerId, _) = await App.HeldProductAsync();
        using var owner = App.CreateClient(ownerId, "merchant");
        using var anonymous = App.CreateClient();

        await (await owner.GetAsync("/api/moderation/cases?status=pending")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.ClaimAsync(caseId)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.GetAsync("/api/moderation/cases")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.NewModerator().ClaimAsync(Guid.CreateVersion7())).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await App.NewModerator().GetAsync("/api/moderation/cases?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task GetCase_OwnerSeesOwnCaseWithoutModeratorIds_OthersGet404()
    {
        var (caseId, ownerId, _) = await App.HeldProductAsync();
        using var moderator = App.NewModerator();
        await moderator.ClaimAsync(caseId);
        using var owner = App.CreateClient(ownerId, "merchant");
        using var stranger = App.CreateClient(Guid.CreateVersion7(), "merchant");

        var own = await owner.GetAsync($"/api/moderation/cases/{caseId}");

        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await own.JsonAsync()).GetProperty("claimedBy").ValueKind, Is.EqualTo(JsonValueKind.Null));
        await (await stranger.GetAsync($"/api/moderation/cases/{caseId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Social.CheckIns;

/// <summary>Daily check-in (签到): POST once per day in Asia/Shanghai (409 again), GET the streak and recent days.</summary>
public static class CheckInEndpoints
{
    public static RouteGroupBuilder MapCheckInEndpoints(this RouteGroupBuilder social)
    {
        var checkIns = social.MapGroup("/me/check-ins").RequireAuthorization(Policies.User)
            .WithTag("Check-ins", "Daily check-in (签到): once per calendar day in Asia/Shanghai, with a streak of consecutive days.");
        checkIns.MapPost("/", CheckIn).WithName("checkIn").WithSummary("Check in for today").ProducesConflict("already-checked-in");
        checkIns.MapGet("/", (HttpContext context, CheckInStore store) => store.HistoryAsync(context.User.UserId(), context.RequestAborted))
            .WithName("myCheckIns").WithSummary("My streak and the last 30 days' check-ins");
        return social;
    }

    public static async Task<Results<Created<CheckInView>, ProblemHttpResult>> CheckIn(HttpContext context, CheckInStore store)
    {
        var checkedIn = await store.CheckInAsync(context.User.UserId(), context.RequestAborted);
        return checkedIn is null
            ? Problems.Conflict("You have checked in today already; come back tomorrow.", "already-checked-in")
            : TypedResults.Created("/api/social/me/check-ins", checkedIn);
    }
}

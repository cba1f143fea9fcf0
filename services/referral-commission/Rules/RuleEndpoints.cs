using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Rules;

/// <summary>The commission rules, read and changed by admins. More than two tiers is refused: the law, not a preference.</summary>
public static class RuleEndpoints
{
    public static RouteGroupBuilder MapRuleEndpoints(this RouteGroupBuilder referral)
    {
        var rules = referral.MapGroup("/rules").RequireAuthorization(Policies.Admin).WithTag("Commission rules", "Commission tiers and rates, binding and freeze days, the smallest withdrawal; each change is a new version effective from a time.");
        rules.MapGet("/", Get).WithSummary("The rule versions in force and scheduled");
        rules.MapPut("/", Put).WithSummary("Schedule a new rule version");
        return referral;
    }

    public static async Task<Ok<RuleSet>> Get(NpgsqlDataSource dataSource, TimeProvider time)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok((await CommissionRules.InForceAsync(connection, time.GetUtcNow())).Rules);
    }

    public static async Task<Results<Ok<RuleSet>, ValidationProblem>> Put(RuleSet rules, HttpContext context, NpgsqlDataSource dataSource, TimeProvider time)
    {
        var validator = new Validator()
            .Check(rules.Tiers is 1 or 2, "tiers", "must be 1 or 2: commission beyond two tiers is treated as pyramid selling")
            .Check(IsRate(rules.Tier1Rate), "tier1Rate", "must be between 0 and 0.5, in steps of 0.0001")
            .Check(IsRate(rules.Tier2Rate), "tier2Rate", "must be between 0 and 0.5, in steps of 0.0001")
            .Check(rules.BindingDays is >= 1 and <= 365, "bindingDays", "must be between 1 and 365")
            .Check(rules.FreezeDays is >= 0 and <= 90, "freezeDays", "must be between 0 and 90")
            .Check(rules.MinWithdrawal >= 0, "minWithdrawal", "must not be negative");
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        var changed = await CommissionRules.ChangeAsync(connection, rules, context.User.UserId(), time.GetUtcNow());
        return TypedResults.Ok(changed.Rules);
    }

    private static bool IsRate(decimal rate) => rate is >= 0m and <= 0.5m && rate * 10_000m == decimal.Truncate(rate * 10_000m);
}

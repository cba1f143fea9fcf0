using Dapper;
using Npgsql;

namespace SocialCommerce.ReferralCommission.DemoData;

/// <summary>
/// `referral-commission demo-data`: the demo admin (13800000000) has the invite code SHARE888 and has referred the demo
/// shopper 小红 (13800000001), so paying her demo cart shows commission accruing at once (tier 1, frozen). Ids are identity's
/// fixed demo ids. The binding is valid for a year so the demo keeps working; an admin code or binding made before is kept.
/// </summary>
public static class DemoReferral
{
    public const string Code = "SHARE888";
    public static readonly Guid Admin = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    public static readonly Guid Shopper = Guid.Parse("0190a000-0000-7000-8000-000000000002");

    public static async Task SeedAsync(IServiceProvider services)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException("demo-data runs only in Development.");
        }

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO invite_codes (user_id, code, created_at) VALUES (@Admin, @Code, now()) ON CONFLICT DO NOTHING;
            INSERT INTO bindings (user_id, referrer_id, code, source, bound_at, expires_at)
            SELECT @Shopper, @Admin, code, 'api', now(), now() + interval '365 days' FROM invite_codes WHERE user_id = @Admin
            ON CONFLICT DO NOTHING;
            """,
            new { Admin, Shopper, Code });
        var (code, shopperBoundToAdmin) = await connection.QuerySingleAsync<(string, bool)>(
            """
            SELECT code, EXISTS (SELECT 1 FROM bindings WHERE user_id = @Shopper AND referrer_id = @Admin)
            FROM invite_codes WHERE user_id = @Admin
            """,
            new { Admin, Shopper });
        Console.WriteLine($"Demo referral: the admin's invite code is {code}; the demo shopper is "
                          + (shopperBoundToAdmin ? "bound to it." : "bound to someone else (left as it is)."));
    }
}

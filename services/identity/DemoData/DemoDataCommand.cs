using SocialCommerce.Identity.Consents;
using SocialCommerce.Identity.Passwords;
using SocialCommerce.Identity.Phones;
using SocialCommerce.Identity.Users;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.Identity.DemoData;

/// <summary>
/// <c>identity demo-data</c>: the accounts README.md lists, created when missing, so running it twice is
/// harmless. Development only: these passwords are public.
/// </summary>
public static class DemoDataCommand
{
    /// <param name="SharesPurchases">Consents to social proof, so the demo shopper who follows them sees "friends bought".</param>
    /// <param name="Personalised">Consents to personalised recommendations, so the demo shopper's for-you page is hers.</param>
    public sealed record DemoAccount(
        Guid Id, string Phone, string Password, string Nickname, string[] Roles, bool SharesPurchases = false, bool Personalised = false);

    // Fixed ids: catalog's demo data opens the merchants' shops under these ids (services/catalog/DemoData).
    public static readonly DemoAccount[] Accounts =
    [
        new(Guid.Parse("0190a000-0000-7000-8000-000000000001"), "13800000000", "Admin2026!demo", "平台管理员", [Roles.Admin, Roles.Moderator], SharesPurchases: true),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000002"), "13800000001", "Shopper2026!demo", "小红", [], Personalised: true),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000003"), "13800000002", "Merchant2026!demo", "好物小店", [Roles.Merchant]),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000004"), "13800000003", "Merchant2026!demo", "山野茶铺", [Roles.Merchant]),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000005"), "13800000004", "Merchant2026!demo", "数码小站", [Roles.Merchant]),
        // A second moderator: an appeal must be decided by someone other than the moderator who decided the case.
        new(Guid.Parse("0190a000-0000-7000-8000-000000000006"), "13800000005", "Moderator2026!demo", "审核员小李", [Roles.Moderator], SharesPurchases: true),
    ];

    public static async Task RunAsync(IServiceProvider services)
    {
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            throw new InvalidOperationException("demo-data runs only in Development.");
        }

        var users = services.GetRequiredService<UserStore>();
        var hasher = services.GetRequiredService<PasswordHasher>();
        var dataSource = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var consents = services.GetRequiredService<ConsentStore>();
        foreach (var account in Accounts)
        {
            var userId = await EnsureAccountAsync(account, users, hasher);
            if (userId is null) continue;
            // The platform's own accounts: their numbers count as proven, so they earn referral commission in the demo.
            await users.MarkPhoneVerifiedAsync(userId.Value);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var role in account.Roles) await users.GrantRoleAsync(connection, transaction, userId.Value, role);
            await transaction.CommitAsync();
            // Announced like any change (ConsentsChanged), so social and recommendation learn it; a later run turns it back on.
            var current = await consents.GetAsync(userId.Value);
            var wanted = current with
            {
                SocialProof = current.SocialProof || account.SharesPurchases,
                PersonalisedRecommendations = current.PersonalisedRecommendations || account.Personalised,
            };
            if (wanted != current) await consents.SetAsync(userId.Value, wanted);
            Console.WriteLine($"demo account {account.Phone} / {account.Password} ({string.Join(", ", ["shopper", .. account.Roles])})");
        }
    }

    /// <summary>
    /// The account under its fixed id, whatever happened to it since the last run: created when missing, brought back when
    /// someone erased it (an API fuzzer with the admin's token does). Null, with a warning, when another account has taken
    /// the demo phone since: its roles are never handed to a stranger.
    /// </summary>
    private static async Task<Guid?> EnsureAccountAsync(DemoAccount account, UserStore users, PasswordHasher hasher)
    {
        PhoneNumber.TryParse(account.Phone, out var phone);
        var holder = await users.FindByPhoneAsync(phone!.Value);
        if (holder is not null && holder.Id != account.Id)
        {
            Console.WriteLine($"warning: demo phone {phone.Value.Masked} belongs to another account; demo account {account.Nickname} skipped");
            return null;
        }

        if (holder is not null) return holder.Id;
        var existing = await users.FindAsync(account.Id);
        if (existing is null)
        {
            return await users.CreateAsync(phone.Value, hasher.Hash(account.Password), account.Nickname, null, account.Id)
                ?? throw new InvalidOperationException($"Could not create demo account {phone.Value.Masked}.");
        }

        if (existing.ErasedAt is not null)
        {
            await users.RestoreErasedAsync(account.Id, phone.Value, hasher.Hash(account.Password), account.Nickname);
            Console.WriteLine($"demo account {account.Nickname} had been erased; restored");
        }

        return account.Id;
    }
}

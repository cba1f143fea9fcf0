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
    public sealed record DemoAccount(Guid Id, string Phone, string Password, string Nickname, string[] Roles);

    // Fixed ids: catalog's demo data opens the merchants' shops under these ids (services/catalog/DemoData).
    public static readonly DemoAccount[] Accounts =
    [
        new(Guid.Parse("0190a000-0000-7000-8000-000000000001"), "13800000000", "Admin2026!demo", "平台管理员", [Roles.Admin, Roles.Moderator]),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000002"), "13800000001", "Shopper2026!demo", "小红", []),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000003"), "13800000002", "Merchant2026!demo", "好物小店", [Roles.Merchant]),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000004"), "13800000003", "Merchant2026!demo", "山野茶铺", [Roles.Merchant]),
        new(Guid.Parse("0190a000-0000-7000-8000-000000000005"), "13800000004", "Merchant2026!demo", "数码小站", [Roles.Merchant]),
        // A second moderator: an appeal must be decided by someone other than the moderator who decided the case.
        new(Guid.Parse("0190a000-0000-7000-8000-000000000006"), "13800000005", "Moderator2026!demo", "审核员小李", [Roles.Moderator]),
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
        foreach (var account in Accounts)
        {
            PhoneNumber.TryParse(account.Phone, out var phone);
            var userId = (await users.FindByPhoneAsync(phone!.Value))?.Id
                ?? await users.CreateAsync(phone.Value, hasher.Hash(account.Password), account.Nickname, null, account.Id)
                ?? throw new InvalidOperationException($"Could not create demo account {phone.Value.Masked}.");
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var role in account.Roles) await users.GrantRoleAsync(connection, transaction, userId, role);
            await transaction.CommitAsync();
            Console.WriteLine($"demo account {account.Phone} / {account.Password} ({string.Join(", ", ["shopper", .. account.Roles])})");
        }
    }
}

using Dapper;
using Npgsql;
using SocialCommerce.Identity.Phones;

namespace SocialCommerce.Identity.Sms;

/// <summary>
/// The port to an SMS gateway (Aliyun, Tencent Cloud). The development sender is the only one so far; a
/// production deployment plugs its provider in here, and start-up refuses the development one outside
/// Development (see <see cref="SmsServiceCollectionExtensions"/>).
/// </summary>
public interface ISmsSender
{
    Task SendCodeAsync(PhoneNumber phone, string code, string purpose, CancellationToken cancellationToken);
}

/// <summary>Records codes in the database where the demo, the tests and a developer can read them.</summary>
public sealed class DevelopmentSmsSender(NpgsqlDataSource dataSource, PhoneProtector phones) : ISmsSender
{
    public async Task SendCodeAsync(PhoneNumber phone, string code, string purpose, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO development_sms_messages (id, phone_hash, phone, code, purpose)
            VALUES (@id, @phoneHash, @phone, @code, @purpose)
            """,
            new { id = Guid.CreateVersion7(), phoneHash = phones.Hash(phone), phone = phone.Digits, code, purpose });
    }

    public async Task<string?> LatestCodeAsync(PhoneNumber phone)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT code FROM development_sms_messages WHERE phone = @phone ORDER BY sent_at DESC, id DESC LIMIT 1",
            new { phone = phone.Digits });
    }
}

public static class SmsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSmsSender(this IHostApplicationBuilder builder)
    {
        var sender = builder.Configuration["Sms:Sender"] ?? "development";
        if (sender != "development")
        {
            throw new InvalidOperationException($"Sms:Sender '{sender}' is not supported yet; only 'development' exists.");
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "The development SMS sender stores codes in the database and is refused outside Development. Configure a real Sms:Sender.");
        }

        builder.Services.AddSingleton<DevelopmentSmsSender>();
        builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<DevelopmentSmsSender>());
        return builder;
    }
}

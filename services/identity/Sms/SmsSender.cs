using Dapper;
using Npgsql;
using SocialCommerce.Identity.Phones;

namespace SocialCommerce.Identity.Sms;

/// <summary>
/// The port to an SMS gateway (Aliyun, Tencent Cloud). The development sender is the only one so far; a
/// provider adapter plugs in here. Until one exists, production runs with <c>Sms:Sender=none</c>.
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
    /// <summary>
    /// <c>Sms:Sender</c> is <c>none</c> (SMS sign-in answers 503 until a provider is configured) or
    /// <c>development</c>, which is refused outside Development because it stores codes readably.
    /// </summary>
    public static IHostApplicationBuilder AddSmsSender(this IHostApplicationBuilder builder)
    {
        switch (builder.Configuration["Sms:Sender"] ?? "none")
        {
            case "none":
                return builder;
            case "development" when builder.Environment.IsDevelopment():
                builder.Services.AddSingleton<DevelopmentSmsSender>();
                builder.Services.AddSingleton<ISmsSender>(services => services.GetRequiredService<DevelopmentSmsSender>());
                return builder;
            case "development":
                throw new InvalidOperationException(
                    "The development SMS sender stores codes in the database and is refused outside Development.");
            case var other:
                throw new InvalidOperationException($"Sms:Sender '{other}' is unknown; use 'none' or 'development'.");
        }
    }
}

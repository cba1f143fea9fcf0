using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Identity.Tests;

/// <summary>Codes, lock-outs and ended sessions are deleted once they no longer serve; live ones stay.</summary>
public sealed class DataRetentionTests : IdentityFixture
{
    [Test]
    public async Task Sweep_ExpiredCodesStaleThrottlesEndedSessions_DeletedLiveOnesKept()
    {
        var (userId, _, _) = await App.SignedUpUserAsync();
        var (keptUserId, _, _) = await App.SignedUpUserAsync();
        await App.ScalarAsync<int>(
            """
            INSERT INTO sms_codes (id, phone_hash, purpose, code_hash, created_at, expires_at) VALUES
                (gen_random_uuid(), '\x01', 'sign-in', '\x00', now() - interval '2 days', now() - interval '2 days' + interval '5 minutes'),
                (gen_random_uuid(), '\x02', 'sign-in', '\x00', now(), now() + interval '5 minutes');
            INSERT INTO sign_in_throttle (phone_hash, failures, last_failure_at, locked_until) VALUES
                ('\x01', 3, now() - interval '2 days', NULL),
                ('\x02', 9, now() - interval '2 days', now() + interval '1 hour'),
                ('\x03', 1, now() - interval '1 hour', NULL);
            UPDATE refresh_tokens SET expires_at = now() - interval '8 days' WHERE user_id = @userId;
            SELECT 1;
            """,
            new { userId });

        await App.Services.GetRequiredService<RetentionSweep>().SweepAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await App.ScalarAsync<string>("SELECT string_agg(encode(phone_hash, 'hex'), ',' ORDER BY phone_hash) FROM sms_codes"),
                Is.EqualTo("02"), "the expired code went, the live one stayed");
            Assert.That(await App.ScalarAsync<string>("SELECT string_agg(encode(phone_hash, 'hex'), ',' ORDER BY phone_hash) FROM sign_in_throttle"),
                Is.EqualTo("02,03"), "a stale record went; a lock still running and a recent failure stayed");
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE user_id = @userId", new { userId }), Is.Zero);
            Assert.That(await App.ScalarAsync<long>("SELECT count(*) FROM refresh_tokens WHERE user_id = @keptUserId", new { keptUserId }), Is.EqualTo(1));
        });
    }
}

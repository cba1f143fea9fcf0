using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.ReferralCommission.Tests;

/// <summary>Referral keeps the phone prefix and device no longer than the fraud checks can use them.</summary>
public sealed class SignalRetentionTests : LedgerFixture
{
    [Test]
    public async Task Sweep_SignalsOlderThanTheWindowAndAWeek_ClearedRowsAndRecentSignalsKept()
    {
        var old = Guid.CreateVersion7();
        var recent = Guid.CreateVersion7();
        await using (var connection = await Ledger.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO bindings (user_id, referrer_id, code, source, bound_at, expires_at, device_id, phone_prefix) VALUES
                    (@old, @Root, 'ROOTCODE', 'api', now() - interval '9 days', now() + interval '30 days', 'device-old-1', '1391234'),
                    (@recent, @Root, 'ROOTCODE', 'api', now() - interval '2 days', now() + interval '30 days', 'device-new-1', '1391234');
                INSERT INTO referral_users (user_id, nickname_masked, phone_prefix, device_id, registered_at) VALUES
                    (@old, '张*', '1391234', 'device-old-1', now() - interval '9 days'),
                    (@recent, '李*', '1391234', 'device-new-1', now() - interval '2 days');
                """,
                new { old, recent, Ledger.Root });
        }

        var sweep = new RetentionSweep(Ledger.DataSource, ReferralFeature.SignalRetention(TimeSpan.FromHours(24)), NullLogger<RetentionSweep>.Instance);
        await sweep.SweepAsync();

        await using var check = await Ledger.DataSource.OpenConnectionAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await check.ExecuteScalarAsync<string>(
                "SELECT concat_ws('|', device_id, phone_prefix, referrer_id) FROM bindings WHERE user_id = @old", new { old }),
                Is.EqualTo(Ledger.Root.ToString()), "the binding stays, its signals go");
            Assert.That(await check.ExecuteScalarAsync<string>(
                "SELECT concat_ws('|', device_id, phone_prefix) FROM referral_users WHERE user_id = @old", new { old }), Is.Empty);
            Assert.That(await check.ExecuteScalarAsync<string>(
                "SELECT concat_ws('|', device_id, phone_prefix) FROM bindings WHERE user_id = @recent", new { recent }), Is.EqualTo("device-new-1|1391234"));
            Assert.That(await check.ExecuteScalarAsync<string>(
                "SELECT concat_ws('|', device_id, phone_prefix) FROM referral_users WHERE user_id = @recent", new { recent }), Is.EqualTo("device-new-1|1391234"));
        });
    }
}

using Dapper;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Payment.V1;
using PayoutsClient = SocialCommerce.Contracts.Payment.V1.Payouts.PayoutsClient;

namespace SocialCommerce.ReferralCommission.Withdrawals;

/// <summary>
/// Pays withdrawals out through payment-adapter (payout id = withdrawal id, so asking twice never pays twice) and records the
/// answer: paid, or failed and back in available. A request pays out at once; this job retries the ones that came to nothing
/// (adapter or provider down, a crash in between), with a growing pause, taking each under a lease so replicas do not collide.
/// </summary>
public sealed partial class WithdrawalPayouts(
    NpgsqlDataSource dataSource, IServiceProvider services, IOptions<ReferralOptions> options, TimeProvider time, ILogger<WithdrawalPayouts> logger)
    : BackgroundService
{
    private const int BatchSize = 20;

    /// <returns>The withdrawal as it now stands (still pending when the payout could not be made).</returns>
    public async Task<Withdrawal> PayOutAsync(Withdrawal withdrawal, Guid userId, CancellationToken cancellationToken)
    {
        PayoutReply reply;
        try
        {
            reply = await services.GetRequiredService<PayoutsClient>().PayoutAsync(
                new PayoutRequest
                {
                    PayoutId = withdrawal.WithdrawalId.ToString(), UserId = userId.ToString(), Description = "佣金提现",
                    Amount = new Money { Amount = withdrawal.Amount.Amount, Currency = withdrawal.Amount.Currency },
                },
                deadline: DateTime.UtcNow + options.Value.PayoutTimeout, cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogPayoutNotMade(exception, withdrawal.WithdrawalId, exception.StatusCode);
            return withdrawal;
        }

        if (reply.Status is not ("succeeded" or "failed")) return withdrawal;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await Withdrawals.DecideAsync(connection, withdrawal.WithdrawalId, reply.Status == "succeeded", reply.FailureReason, time.GetUtcNow());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PayoutRetryInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var owed in await LeaseOwedAsync(stoppingToken)) await PayOutAsync(owed.ToWithdrawal(), owed.UserId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRetryFailed(exception);
            }
        }
    }

    /// <summary>Pending withdrawals due a try, each moved on by a pause that doubles per attempt (at most an hour).</summary>
    private async Task<IReadOnlyList<WithdrawalRow>> LeaseOwedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<WithdrawalRow>(
            $"""
            UPDATE withdrawals SET attempts = attempts + 1,
                next_attempt_at = @now + least(@interval * power(2, least(attempts, 12)), interval '1 hour')
            WHERE id IN (SELECT id FROM withdrawals WHERE status = 'pending' AND next_attempt_at <= @now
                         ORDER BY next_attempt_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED)
            RETURNING {Withdrawals.Columns}
            """,
            new { now = time.GetUtcNow(), interval = options.Value.PayoutRetryInterval, BatchSize })).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawal {WithdrawalId} was not paid out ({Status}); it stays pending and is retried")]
    private partial void LogPayoutNotMade(Exception exception, Guid withdrawalId, StatusCode status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retrying owed withdrawal payouts failed; trying again on the next tick")]
    private partial void LogRetryFailed(Exception exception);
}

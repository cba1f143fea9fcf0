using Grpc.Core;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.Contracts.Payment.V1;
using SocialCommerce.ServiceDefaults.Messaging;
using PayoutsClient = SocialCommerce.Contracts.Payment.V1.Payouts.PayoutsClient;

namespace SocialCommerce.ReferralCommission.Withdrawals;

/// <summary>
/// Pays withdrawals out through payment-adapter (payout id = withdrawal id, so asking twice never pays twice) and records the
/// answer: paid, or failed and back in available. A request pays out at once; its payout is also an owed call (ServiceDefaults),
/// which the owed-call worker makes if that attempt came to nothing (adapter or provider down, a crash in between), with a
/// pause that doubles per attempt up to an hour.
/// </summary>
public sealed partial class WithdrawalPayouts(
    NpgsqlDataSource dataSource, PayoutsClient payouts, IOptions<ReferralOptions> options, ReferralMetrics metrics, TimeProvider time,
    ILogger<WithdrawalPayouts> logger)
{
    public const string Kind = "payout";

    /// <returns>The withdrawal as it now stands (still pending when the payout could not be made).</returns>
    public async Task<Withdrawal> PayOutAsync(Withdrawal withdrawal, Guid userId, CancellationToken cancellationToken)
    {
        PayoutReply reply;
        try
        {
            reply = await CallAsync(withdrawal.WithdrawalId, new PayoutPayload(userId, withdrawal.Amount.Amount, withdrawal.Amount.Currency),
                time.GetUtcNow().UtcDateTime + options.Value.PayoutTimeout, cancellationToken);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogPayoutNotMade(exception, withdrawal.WithdrawalId, exception.StatusCode);
            return withdrawal;
        }

        if (reply.Status is not ("succeeded" or "failed")) return withdrawal;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var decided = await RecordAsync(connection, transaction, withdrawal.WithdrawalId, reply);
        await OwedCalls.CompleteAsync(connection, transaction, withdrawal.WithdrawalId, time.GetUtcNow());
        await transaction.CommitAsync(cancellationToken);
        return decided;
    }

    private Task<PayoutReply> CallAsync(Guid withdrawalId, PayoutPayload payout, DateTime deadline, CancellationToken cancellationToken) =>
        payouts.PayoutAsync(
            new PayoutRequest
            {
                PayoutId = withdrawalId.ToString(), UserId = payout.UserId.ToString(), Description = "佣金提现",
                Amount = new Money { Amount = payout.Amount, Currency = payout.Currency },
            },
            deadline: deadline, cancellationToken: cancellationToken).ResponseAsync;

    private Task<Withdrawal> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid withdrawalId, PayoutReply reply) =>
        Withdrawals.DecideAsync(connection, withdrawalId, reply.Status == "succeeded", reply.FailureReason, time.GetUtcNow(), metrics, transaction);

    /// <summary>The owed payout, made by the worker.</summary>
    public sealed class PayoutCall(WithdrawalPayouts payouts, IOptions<ReferralOptions> options) : OwedCallHandler
    {
        public override string Kind => WithdrawalPayouts.Kind;

        public override TimeSpan CallTimeout => options.Value.PayoutTimeout;

        public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken) =>
            await payouts.CallAsync(call.SubjectId, call.Read<PayoutPayload>(), deadline, cancellationToken);

        /// <exception cref="InvalidOperationException">The provider has not decided yet: asked again later.</exception>
        public override async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OwedCall call, object? answer, DateTimeOffset now)
        {
            var reply = (PayoutReply)answer!;
            if (reply.Status is not ("succeeded" or "failed"))
                throw new InvalidOperationException($"Payout {call.SubjectId} is {reply.Status} at the provider; asked again later.");
            await payouts.RecordAsync(connection, transaction, call.SubjectId, reply);
        }

        public override TimeSpan Backoff(int attempts) =>
            TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, options.Value.PayoutRetryInterval.Ticks * (long)Math.Pow(2, Math.Min(attempts, 12))));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawal {WithdrawalId} was not paid out ({Status}); it stays pending and the owed payout is made again")]
    private partial void LogPayoutNotMade(Exception exception, Guid withdrawalId, StatusCode status);
}

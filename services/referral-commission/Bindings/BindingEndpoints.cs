using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using SocialCommerce.ReferralCommission.Fraud;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ReferralCommission.Bindings;

public sealed record BindRequest(string? Code);

public static class BindingEndpoints
{
    public static RouteGroupBuilder MapBindingEndpoints(this RouteGroupBuilder referral)
    {
        referral.MapPost("/bindings", Bind)
            .WithTag("Bindings", "Who referred whom: a shopper is bound once, to the first referrer whose code they used.")
            .WithSummary("Bind me to a referrer by their code").ProducesConflict("already-bound").WithRequestExample(new { code = "K7P2QX" });
        return referral;
    }

    /// <summary>201 bound; 404 unknown code; 409 already bound (first binding wins); 400 self-referral or a cycle.</summary>
    public static async Task<Results<Created<Binding>, ValidationProblem, ProblemHttpResult>> Bind(
        BindRequest request, HttpContext context, NpgsqlDataSource dataSource, IOptions<ReferralOptions> options, ReferralMetrics metrics,
        TimeProvider time)
    {
        var validator = new Validator().Check(request.Code is { Length: >= 4 and <= 16 }, "code", "must be an invite code");
        if (!validator.IsValid) return validator.ToProblem();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (outcome, binding) = await Bindings.BindAsync(connection, transaction, context.User.UserId(), request.Code!, "api",
            new BindingSignals(DeviceId.Of(context), null), time.GetUtcNow(), options.Value, metrics);
        if (outcome == BindOutcome.Bound) await transaction.CommitAsync();
        switch (outcome)
        {
            case BindOutcome.UnknownCode:
                return Problems.NotFound("No one has this invite code.");
            case BindOutcome.AlreadyBound:
                return Problems.Conflict("You are already bound to a referrer; the first binding stands.", "already-bound");
            case BindOutcome.Self:
                validator.Add("code", "is your own code");
                return validator.ToProblem();
            case BindOutcome.Cycle:
                validator.Add("code", "belongs to someone you referred, directly or through others");
                return validator.ToProblem();
            default:
                return TypedResults.Created((string?)null, binding);
        }
    }
}

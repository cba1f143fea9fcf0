using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Users;

public sealed record UserRoles(Guid UserId, IReadOnlyList<string> Roles);

/// <summary>
/// Admins appoint and dismiss moderators and admins. The merchant role comes only from an approved qualification
/// application, and everyone is a shopper. A change shows in the user's next access token (at the latest when the
/// current one expires and is refreshed).
/// </summary>
public static partial class RoleEndpoints
{
    private static readonly IReadOnlySet<string> Appointable = new HashSet<string> { Roles.Moderator, Roles.Admin };

    public static RouteGroupBuilder MapRoleEndpoints(this RouteGroupBuilder api)
    {
        var roles = api.MapGroup("/users/{userId:guid}/roles").RequireAuthorization(Policies.Admin).WithTag("Roles", "Admins appoint and remove moderators and admins.");
        roles.MapGet("/", Get);
        roles.MapPut("/{role}", (Guid userId, string role, HttpContext context, UserStore users, ILoggerFactory loggers) =>
            ChangeAsync(userId, role, true, context, users, loggers))
            .WithName("appointRole").WithSummary("Appoint a role (moderator, admin)").ProducesConflict("role-not-appointable");
        roles.MapDelete("/{role}", (Guid userId, string role, HttpContext context, UserStore users, ILoggerFactory loggers) =>
            ChangeAsync(userId, role, false, context, users, loggers))
            .WithName("removeRole").WithSummary("Remove a role").ProducesConflict("own-admin-role", "last-admin");
        return api;
    }

    public static async Task<Results<Ok<UserRoles>, ProblemHttpResult>> Get(Guid userId, UserStore users) =>
        await users.FindAsync(userId) is { ErasedAt: null }
            ? TypedResults.Ok(new UserRoles(userId, await users.RolesAsync(userId)))
            : Problems.NotFound("The user does not exist.");

    private static async Task<Results<Ok<UserRoles>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid userId, string role, bool grant, HttpContext context, UserStore users, ILoggerFactory loggers)
    {
        if (!Roles.All.Contains(role))
        {
            var validator = new Validator();
            validator.Add("role", "must be moderator or admin");
            return validator.ToProblem();
        }

        if (!Appointable.Contains(role))
            return Problems.Conflict($"The {role} role is not appointed: merchants are approved through their application.", "role-not-appointable");
        var adminId = context.User.UserId();
        if (!grant && role == Roles.Admin && userId == adminId)
            return Problems.Conflict("Admins cannot remove their own admin role; another admin must.", "own-admin-role");
        switch (await users.SetRoleAsync(userId, role, grant))
        {
            case RoleChange.NoSuchUser: return Problems.NotFound("The user does not exist.");
            case RoleChange.LastAdmin: return Problems.Conflict("The platform's last admin keeps the admin role.", "last-admin");
        }

        LogChanged(loggers.CreateLogger(typeof(RoleEndpoints)), adminId, grant ? "granted" : "revoked", role, userId);
        return TypedResults.Ok(new UserRoles(userId, await users.RolesAsync(userId)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {AdminId} {Change} role {Role} of user {UserId}")]
    private static partial void LogChanged(ILogger logger, Guid adminId, string change, string role, Guid userId);
}

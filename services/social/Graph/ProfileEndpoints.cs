using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.Social.Directory;

namespace SocialCommerce.Social.Graph;

/// <summary>A profile card: identity's name and avatar with social's counts; followedByMe only for a signed-in reader.</summary>
public sealed record ProfileCard(
    Guid UserId, string Nickname, string? AvatarUrl, long Followers, long Following, long Posts, bool? FollowedByMe);

public static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder social)
    {
        social.MapGet("/users/{userId:guid}", Get).AllowAnonymous().WithTag("Profiles", "A person's public card: nickname, avatar, follower and post counts.")
            .WithSummary("A person's profile");
        return social;
    }

    public static async Task<Results<Ok<ProfileCard>, ProblemHttpResult>> Get(
        Guid userId, HttpContext context, NpgsqlDataSource dataSource, UserCards users, FollowStore follows)
    {
        var person = await users.FindAsync(userId, context.RequestAborted);
        if (person is null) return Problems.NotFound("The user does not exist.");
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        var counts = await Accounts.CountsAsync(connection, userId);
        bool? followedByMe = context.User.Identity?.IsAuthenticated == true
            ? await follows.FollowsAsync(context.User.UserId(), userId, context.RequestAborted)
            : null;
        return TypedResults.Ok(new ProfileCard(person.UserId, person.Nickname, person.AvatarUrl, counts.Followers, counts.Following, counts.Posts, followedByMe));
    }
}

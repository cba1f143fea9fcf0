using Grpc.Core;
using SocialCommerce.Contracts.Identity.V1;

namespace SocialCommerce.Identity.Users;

/// <summary>gRPC user look-up for other services. Internal only: the gateway does not route gRPC.</summary>
public sealed class UserDirectoryService(UserStore users) : UserDirectory.UserDirectoryBase
{
    public const int MaxBatch = 500;

    public override async Task<UserSummary> GetUser(GetUserRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.UserId, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, "user_id must be a UUID"));
        var user = await users.FindAsync(id) ?? throw new RpcException(new Status(StatusCode.NotFound, "user not found"));
        return ToSummary(user, await users.RolesAsync(id));
    }

    public override async Task<GetUsersResponse> GetUsers(GetUsersRequest request, ServerCallContext context)
    {
        if (request.UserIds.Count > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"at most {MaxBatch} ids per call"));
        }

        var ids = new HashSet<Guid>();
        foreach (var raw in request.UserIds)
        {
            if (!Guid.TryParse(raw, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{raw}' is not a UUID"));
            ids.Add(id);
        }

        var found = await users.FindManyAsync(ids);
        var roles = await users.RolesAsync(found.Select(user => user.Id).ToList());
        var response = new GetUsersResponse();
        response.Users.AddRange(found.Select(user => ToSummary(user, roles[user.Id])));
        return response;
    }

    private static UserSummary ToSummary(UserRow user, IEnumerable<string> roles)
    {
        var summary = new UserSummary
        {
            UserId = user.Id.ToString(),
            Nickname = user.Nickname,
            AvatarUrl = user.AvatarUrl ?? "",
            RealNameVerified = user.RealNameVerified,
            Erased = user.ErasedAt is not null,
        };
        summary.Roles.AddRange(roles);
        return summary;
    }
}

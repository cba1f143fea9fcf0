using System.Reflection;
using System.Text;
using Microsoft.OpenApi;

namespace SocialCommerce.ServiceDefaults.OpenApi;

/// <summary>
/// Operation ids and summaries for endpoints that name none: from the named static handler (<c>PostEndpoints.Create</c>
/// → <c>postCreate</c>, "Post: create"), or for a lambda from the method and path (<c>PUT /api/social/posts/{postId}/like</c>
/// → <c>putPostsLike</c>). Generated client methods get these names, so they must read well and stay stable.
/// </summary>
internal static class OperationNames
{
    public static string Id(string method, string path, MethodInfo? handler)
    {
        if (Named(handler) is var (stem, name))
        {
            return Camel(name.StartsWith(stem, StringComparison.Ordinal) ? name : stem + name);
        }

        return Camel(method.ToLowerInvariant() + string.Concat(RouteWords(path).Select(Pascal)));
    }

    public static string Summary(string method, string path, MethodInfo? handler)
    {
        if (Named(handler) is var (stem, name)) return $"{Words(stem)}: {Words(name).ToLowerInvariant()}";
        return $"{method.ToUpperInvariant()} {path}";
    }

    /// <summary>Two operations of one name (a handler mapped twice) are told apart by a number.</summary>
    public static void MakeUnique(OpenApiDocument document)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
        {
            if (operation.OperationId is not { } id) continue;
            seen[id] = seen.GetValueOrDefault(id) + 1;
            if (seen[id] > 1) operation.OperationId = id + seen[id];
        }
    }

    // A named handler of a static class called <Stem>Endpoints; compiler-generated lambdas have '<' in their names.
    private static (string Stem, string Name)? Named(MethodInfo? handler)
    {
        if (handler is null || handler.Name.Contains('<') || handler.DeclaringType is not { } type || type.Name.Contains('<')) return null;
        var stem = type.Name.EndsWith("Endpoints", StringComparison.Ordinal) ? type.Name[..^"Endpoints".Length] : type.Name;
        return (stem, handler.Name);
    }

    // The path's literal segments after /api/<service>/, route parameters left out.
    private static IEnumerable<string> RouteWords(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(segment => !segment.StartsWith('{'))
            .Skip(path.StartsWith("/api/", StringComparison.Ordinal) ? 2 : 0)
            .SelectMany(segment => segment.Split('-', '.'));

    private static string Pascal(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    // "FollowUser" → "Follow User".
    private static string Words(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0) builder.Append(' ');
            builder.Append(c);
        }

        return builder.ToString();
    }
}

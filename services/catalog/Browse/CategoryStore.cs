using Dapper;
using Npgsql;

namespace SocialCommerce.Catalog.Browse;

public sealed record CategoryNode(int CategoryId, string Name, IReadOnlyList<CategoryNode> Children);

public sealed class CategoryStore(NpgsqlDataSource dataSource)
{
    private sealed record CategoryRow(int Id, int? ParentId, string Name);

    public async Task<IReadOnlyList<CategoryNode>> TreeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CategoryRow>(new CommandDefinition(
            "SELECT id, parent_id AS parentid, name FROM categories ORDER BY sort, id", cancellationToken: cancellationToken))).ToList();
        var byParent = rows.ToLookup(row => row.ParentId);
        return Children(null);

        IReadOnlyList<CategoryNode> Children(int? parentId) =>
            byParent[parentId].Select(row => new CategoryNode(row.Id, row.Name, Children(row.Id))).ToList();
    }

    /// <summary>The category and its descendants (the tree has two levels); empty for an unknown id.</summary>
    public async Task<IReadOnlyList<int>> WithDescendantsAsync(int categoryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT id FROM categories WHERE id = @categoryId OR parent_id = @categoryId",
            new { categoryId }, cancellationToken: cancellationToken))).ToList();
    }
}

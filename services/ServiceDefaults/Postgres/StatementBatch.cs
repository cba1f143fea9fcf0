using Dapper;
using Npgsql;

namespace SocialCommerce.ServiceDefaults.Postgres;

/// <summary>
/// The statements of one change that need no answer from each other, sent in one round trip: an order's move to paid, the
/// stock commit it owes and its event. Npgsql sends a command of several statements as one batch; in the caller's
/// transaction they commit or roll back with the rest, and a failing statement fails the whole batch. Each statement
/// names its own parameters (the building blocks prefix theirs: <c>@outbox…</c>, <c>@owedCall…</c>); a name two
/// statements share is refused, since one value would silently serve both.
/// </summary>
public sealed class StatementBatch
{
    private readonly List<string> statements = [];
    private readonly DynamicParameters parameters = new();
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="args">The statement's parameters as objects' properties, as Dapper takes them.</param>
    public StatementBatch Add(string statement, params object[] args)
    {
        foreach (var arg in args)
        {
            foreach (var property in arg.GetType().GetProperties())
            {
                if (!names.Add(property.Name))
                {
                    throw new InvalidOperationException($"Two statements of one batch name the parameter @{property.Name}.");
                }
            }

            parameters.AddDynamicParams(arg);
        }

        statements.Add(statement.Trim().TrimEnd(';'));
        return this;
    }

    public Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        connection.ExecuteAsync(string.Join(";\n", statements), parameters, transaction);
}

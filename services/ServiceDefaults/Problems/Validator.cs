using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialCommerce.ServiceDefaults.Problems;

/// <summary>
/// Collects field errors so a handler reports every problem in one 400 instead of the first one only.
/// Field names are the camelCase JSON names clients sent.
/// </summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Validator Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
        return this;
    }

    public Validator MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"must be at most {max} characters");
        return this;
    }

    public Validator Check(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(
            errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()),
            title: "The request has invalid fields.",
            type: ProblemTypes.Validation);
}

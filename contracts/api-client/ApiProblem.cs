using Microsoft.Kiota.Abstractions.Serialization;

namespace SocialCommerce.ApiClient;

/// <summary>
/// A problem+json answer from any service. Kiota generates one <c>Problem</c> class per document; this lets a caller
/// (the web client's error messages) read any of them without knowing which service answered.
/// </summary>
public interface IApiProblem
{
    int? Status { get; }

    /// <summary>The machine-readable reason of a 409 (<c>out-of-stock</c>, <c>team-full</c>…), documented per operation.</summary>
    string? Code { get; }

    string? Title { get; }

    string? Detail { get; }

    /// <summary>Validation messages by the camelCase name of the field they concern; empty when none.</summary>
    IReadOnlyDictionary<string, string[]> FieldErrors { get; }
}

internal static class ProblemErrors
{
    /// <summary>The <c>errors</c> object arrives as additional data: field name → array of messages.</summary>
    public static IReadOnlyDictionary<string, string[]> Read(IDictionary<string, object>? errors) =>
        errors is null
            ? new Dictionary<string, string[]>()
            : errors.ToDictionary(field => field.Key, field => Messages(field.Value), StringComparer.OrdinalIgnoreCase);

    private static string[] Messages(object value) => value switch
    {
        UntypedArray array => array.GetValue().Select(Text).Where(text => text.Length > 0).ToArray(),
        IEnumerable<object> items => items.Select(item => Text(item)).ToArray(),
        _ => [Text(value)],
    };

    private static string Text(object? node) => node switch
    {
        UntypedString text => text.GetValue() ?? "",
        string text => text,
        null => "",
        _ => node.ToString() ?? "",
    };
}

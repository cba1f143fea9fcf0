using System.Globalization;
using Microsoft.Kiota.Abstractions.Serialization;
using SocialCommerce.ApiClient.Social.Models;

namespace SocialCommerce.Web.Api;

/// <summary>
/// The review histogram ({"1": 0, …, "5": 12}) as the generated client hands it over: a map of untyped values, which a
/// parser may give as a plain number or as an untyped node.
/// </summary>
public static class ReviewCounts
{
    public static int Of(ReviewSummary_histogram? histogram, int stars) =>
        histogram?.AdditionalData.TryGetValue(stars.ToString(CultureInfo.InvariantCulture), out var value) == true ? Number(value) : 0;

    private static int Number(object? value) => value switch
    {
        UntypedInteger number => number.GetValue(),
        UntypedLong number => (int)number.GetValue(),
        UntypedDecimal number => (int)number.GetValue(),
        UntypedDouble number => (int)number.GetValue(),
        IConvertible number => number.ToInt32(CultureInfo.InvariantCulture),
        _ => 0,
    };
}

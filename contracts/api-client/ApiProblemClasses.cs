using SocialCommerce.ApiClient;

// Kiota's Problem class of each document, marked as an IApiProblem.
namespace SocialCommerce.ApiClient.Identity.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

namespace SocialCommerce.ApiClient.Catalog.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

namespace SocialCommerce.ApiClient.Moderation.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

namespace SocialCommerce.ApiClient.PaymentAdapter.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

namespace SocialCommerce.ApiClient.Order.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

namespace SocialCommerce.ApiClient.ReferralCommission.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

namespace SocialCommerce.ApiClient.Social.Models
{
    public partial class Problem : IApiProblem
    {
        IReadOnlyDictionary<string, string[]> IApiProblem.FieldErrors => ProblemErrors.Read(Errors?.AdditionalData);
    }
}

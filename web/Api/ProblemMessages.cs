using System.Text.RegularExpressions;
using SocialCommerce.ApiClient;

namespace SocialCommerce.Web.Api;

/// <summary>
/// What the API refused, in plain Chinese: one message for the form and one per field, placed next to the field it
/// concerns. The services' validation messages are short English phrases; the known ones are translated, an unknown
/// one is shown as it is rather than hidden.
/// </summary>
public sealed partial class ProblemMessages
{
    public static readonly ProblemMessages None = new(null, new Dictionary<string, string>());

    private ProblemMessages(string? summary, IReadOnlyDictionary<string, string> fields)
    {
        Summary = summary;
        Fields = fields;
    }

    public string? Summary { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public bool Any => Summary is not null || Fields.Count > 0;

    public string? For(string field) => Fields.TryGetValue(field, out var message) ? message : null;

    /// <summary>A refusal the page itself makes before calling the API.</summary>
    public static ProblemMessages Local(string summary, IReadOnlyDictionary<string, string>? fields = null) =>
        new(summary, fields ?? new Dictionary<string, string>());

    /// <param name="conflicts">What a 409's <c>code</c> means on this form (out-of-stock → 库存不足…).</param>
    public static ProblemMessages From(Exception exception, IReadOnlyDictionary<string, string>? conflicts = null)
    {
        if (exception is not IApiProblem problem)
        {
            return new ProblemMessages("网络开小差了，请稍后再试。", new Dictionary<string, string>());
        }

        var fields = problem.FieldErrors.ToDictionary(
            field => field.Key, field => string.Join("；", field.Value.Select(Translate)), StringComparer.OrdinalIgnoreCase);
        var summary = problem.Status switch
        {
            400 when fields.Count > 0 => "请检查标红的内容。",
            400 => "提交的内容有误。",
            401 => "请先登录。",
            403 => "没有权限进行这个操作。",
            404 => "找不到这项内容，可能已被删除或下架。",
            409 when problem.Code is { } code && conflicts?.TryGetValue(code, out var meaning) == true => meaning,
            409 => "操作与当前状态冲突，请刷新后重试。",
            422 => "这次提交与之前的重复了，请刷新后重试。",
            429 => "操作太频繁，请稍后再试。",
            _ => "服务暂时不可用，请稍后再试。",
        };
        return new ProblemMessages(summary, fields);
    }

    private static string Translate(string message)
    {
        if (Exact.TryGetValue(message, out var chinese)) return chinese;
        if (AtMost().Match(message) is { Success: true } most) return $"最多 {most.Groups[1].Value} 个字";
        if (AtLeast().Match(message) is { Success: true } least) return $"至少 {least.Groups[1].Value} 个字";
        if (AtMostEntries().Match(message) is { Success: true } entries) return $"最多 {entries.Groups[1].Value} 项";
        return message;
    }

    private static readonly Dictionary<string, string> Exact = new(StringComparer.Ordinal)
    {
        ["is required"] = "不能为空",
        ["must not be empty"] = "不能为空",
        ["must be a mainland China mobile number"] = "请输入 11 位中国大陆手机号",
        ["must be 6 digits"] = "应为 6 位数字",
        ["must be a mainland mobile number (11 digits starting with 1)"] = "请输入以 1 开头的 11 位手机号",
        ["is wrong or has expired"] = "验证码错误或已过期",
        ["must contain a letter and a digit"] = "需同时包含字母和数字",
        ["is too repetitive"] = "重复字符太多",
        ["is too common"] = "太常见，容易被猜到",
        ["must not contain the phone number"] = "不能包含手机号",
        ["must be 4 to 32 letters or digits"] = "应为 4–32 位字母或数字",
        ["must be an absolute https URL"] = "应为 https:// 开头的完整网址",
        ["must be an https URL"] = "应为 https:// 开头的网址",
        ["must be at least 1"] = "至少为 1",
    };

    [GeneratedRegex(@"^must be at most (\d+) characters$")]
    private static partial Regex AtMost();

    [GeneratedRegex(@"^must be at least (\d+) characters$")]
    private static partial Regex AtLeast();

    [GeneratedRegex(@"^must have at most (\d+) entries$")]
    private static partial Regex AtMostEntries();
}

using System.Net;
using System.Text.Json;
using NUnit.Framework;

namespace SocialCommerce.TestSupport;

public static class ProblemAssertions
{
    /// <summary>Asserts the status, the problem+json media type and a stable type URI; returns the problem body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        });
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.That(problem.GetProperty("type").GetString(), Does.StartWith("https://socialcommerce.dev/problems/"), body);
        return problem;
    }
}

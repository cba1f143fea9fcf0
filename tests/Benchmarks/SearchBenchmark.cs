namespace SocialCommerce.Benchmarks;

public static class SearchBenchmark
{
    public static Task RunAsync() => throw new NotImplementedException("written in step [2]");
}

namespace SocialCommerce.Benchmarks;

public static class StockReservationBenchmark
{
    public static Task RunAsync() => throw new NotImplementedException("written in step [2]");
}

using SocialCommerce.Benchmarks;

// Benchmark programs for the brief's performance targets (docs/benchmarks.md). Run through `./build.sh bench` (all)
// or `./build.sh bench --bench-args=gateway|outbox|stock|search|moderation|checkout|flash|groupbuy|referral|feed|recommendation|web`, which starts the test PostgreSQL
// and RabbitMQ first. Figures are ratios taken in one run on one machine.
var which = args.FirstOrDefault() ?? "all";
Console.WriteLine($"# SocialCommerce benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
if (which is "all" or "gateway") await GatewayOverheadBenchmark.RunAsync();
if (which is "all" or "outbox") await OutboxRelayBenchmark.RunAsync();
if (which is "all" or "stock") await StockReservationBenchmark.RunAsync();
if (which is "all" or "search") await SearchBenchmark.RunAsync();
if (which is "all" or "moderation") ModerationBenchmark.Run();
if (which is "all" or "checkout") await CheckoutBenchmark.RunAsync();
if (which is "all" or "flash")
{
    await FlashSaleAdmissionBenchmark.RunAsync();
    await FlashSaleRushBenchmark.RunAsync();
}

if (which is "all" or "groupbuy") await GroupBuyJoinBenchmark.RunAsync();
if (which is "all" or "referral") await ReferralLatencyBenchmark.RunAsync();
if (which is "all" or "feed") await FeedBenchmark.RunAsync();
if (which is "all" or "recommendation") await RecommendationBenchmark.RunAsync();
if (which is "all" or "web") await WebBudgetBenchmark.RunAsync();

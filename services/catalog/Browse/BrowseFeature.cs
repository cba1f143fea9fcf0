namespace SocialCommerce.Catalog.Browse;

/// <summary>Public browse and search (/api/catalog/...).</summary>
public static class BrowseFeature
{
    public static IHostApplicationBuilder AddBrowseFeature(this IHostApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapBrowseApi(this WebApplication app)
    {
        return app;
    }
}

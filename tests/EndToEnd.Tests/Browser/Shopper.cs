using Microsoft.Playwright;

namespace SocialCommerce.EndToEnd.Tests.Browser;

/// <summary>What a shopper does in the web client, step by step, as the pages offer it.</summary>
public static class Shopper
{
    public const string Password = "Browser2026!tea";

    /// <summary>A phone number no other test uses: 139 and eight random digits.</summary>
    public static string NewPhone() => "139" + Random.Shared.Next(0, 100_000_000).ToString("D8");

    public static async Task<string> SignUpAsync(IPage page, string nickname)
    {
        var phone = NewPhone();
        await page.GotoAsync("/account/sign-up");
        await page.GetByLabel("手机号").FillAsync(phone);
        await page.GetByLabel("昵称").FillAsync(nickname);
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册并登录" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return phone;
    }

    public static async Task FillAddressAsync(IPage page, string name)
    {
        await page.GetByLabel("收货人").FillAsync(name);
        await page.GetByLabel("手机号").FillAsync("13900001111");
        await page.GetByLabel("所在地区").FillAsync("浙江省杭州市西湖区");
        await page.GetByLabel("详细地址").FillAsync("文三路 90 号");
    }
}

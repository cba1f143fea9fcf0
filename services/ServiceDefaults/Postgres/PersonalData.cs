using System.Data;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SocialCommerce.ServiceDefaults.Auth;

namespace SocialCommerce.ServiceDefaults.Postgres;

/// <summary>
/// One part of a person's data export (PIPL access and portability): <see cref="Sql"/> selects the rows of the service's
/// database that are about the user <c>@userId</c>, exported under <see cref="Name"/> with every column as stored. Only
/// rows about the person themselves: other people's ids and rows stay out. SQL is code, never input.
/// </summary>
public sealed record PersonalDataPart(string Name, string Sql);

public static class PersonalDataExport
{
    /// <summary>
    /// <c>GET {group}/me/export</c> for the signed-in user: every part as a JSON array of rows, read in one repeatable-read
    /// snapshot so the parts agree with each other. Identity's <c>/api/identity/me/export</c> gathers these from every service.
    /// </summary>
    public static RouteGroupBuilder MapPersonalDataExport(this RouteGroupBuilder api, params PersonalDataPart[] parts)
    {
        api.MapGet("/me/export", (HttpContext context, NpgsqlDataSource dataSource) => ExportAsync(context, dataSource, parts))
            .RequireAuthorization(Policies.User)
            .WithName("personalDataExport")
            .WithSummary("This service's part of my personal data (identity's /me/export gathers every part)")
            .WithTag("Personal data", "The caller's personal data held by this service, for the PIPL export.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return api;
    }

    private static async Task ExportAsync(HttpContext context, NpgsqlDataSource dataSource, PersonalDataPart[] parts)
    {
        var userId = context.User.UserId();
        await using var connection = await dataSource.OpenConnectionAsync(context.RequestAborted);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, context.RequestAborted);
        var rows = new List<(string Name, string Json)>();
        foreach (var part in parts)
        {
            var json = await connection.ExecuteScalarAsync<string>(
                $"SELECT coalesce(json_agg(row_to_json(part)), '[]'::json)::text FROM ({part.Sql}) part", new { userId }, transaction);
            rows.Add((part.Name, json ?? "[]"));
        }

        await transaction.CommitAsync(context.RequestAborted);

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        foreach (var (name, json) in rows)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(json, skipInputValidation: true);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}

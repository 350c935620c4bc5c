using System.Text.Json;
using MelMage.Contracts.Api;
using MelMage.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace MelMage.Api.Apis;

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapGet("/", GetModels)
            .WithName("GetModels")
            .WithSummary("Models the workers have loaded (most recently seen first), with their labels and model cards");
        return api;
    }

    public static async Task<Ok<List<ModelResponse>>> GetModels(MelMageDbContext db, CancellationToken cancellationToken)
    {
        var models = await db.Models.AsNoTracking().OrderByDescending(m => m.LastSeenAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(models.Select(m => new ModelResponse(m.Version, m.Labels,
            m.CardJson is null ? null : JsonDocument.Parse(m.CardJson).RootElement.Clone(), m.RegisteredAt, m.LastSeenAt)).ToList());
    }
}

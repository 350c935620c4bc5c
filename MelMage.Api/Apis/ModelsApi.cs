using System.Text.Json;
using MelMage.Api.Models;
using MelMage.Contracts.Api;
using MelMage.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MelMage.Api.Apis;

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");
        api.MapGet("/", GetModels)
            .WithName("GetModels")
            .WithSummary("The installed models (the default first): name, version, labels, model card and evaluation headline")
            .WithDescription("A job, a batch or the seed's API names one with model=NAME; without it they get the default.");
        api.MapGet("/{name}/evaluation", GetEvaluation)
            .WithName("GetModelEvaluation")
            .WithSummary("A model's whole evaluation report: protocol, per-fold and per-class accuracy, confusion matrix")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Ok<List<ModelResponse>>> GetModels(InstalledModels installed, CancellationToken cancellationToken)
    {
        var models = await installed.ListAsync(cancellationToken);
        var defaultName = InstalledModels.DefaultName(models);
        return TypedResults.Ok(models.Select(m => ToResponse(m, m.Name == defaultName)).ToList());
    }

    public static async Task<Results<Ok<ModelEvaluation>, ProblemHttpResult>> GetEvaluation(
        string name, InstalledModels installed, CancellationToken cancellationToken)
    {
        var model = (await installed.ListAsync(cancellationToken)).FirstOrDefault(m => m.Name == name);
        if (model is null)
        {
            return TypedResults.Problem(detail: $"There is no model '{name}'.", statusCode: StatusCodes.Status404NotFound,
                title: "Unknown model");
        }
        return ReadEvaluation(model) is { } evaluation
            ? TypedResults.Ok(evaluation)
            : TypedResults.Problem(detail: $"Model '{name}' ({model.Version}) ships no evaluation report.",
                statusCode: StatusCodes.Status404NotFound, title: "Not evaluated");
    }

    private static ModelResponse ToResponse(ModelRecord m, bool isDefault)
    {
        var evaluation = ReadEvaluation(m);
        return new ModelResponse(m.Name, m.Version, isDefault, m.Labels,
            m.CardJson is null ? null : JsonDocument.Parse(m.CardJson).RootElement.Clone(), m.CardMarkdown,
            evaluation?.ToSummary(), evaluation is null ? null : $"/api/models/{Uri.EscapeDataString(m.Name)}/evaluation",
            m.RegisteredAt, m.LastSeenAt);
    }

    /// <summary>The stored report; the worker checked it against the contract when it registered the model.</summary>
    private static ModelEvaluation? ReadEvaluation(ModelRecord m) =>
        m.EvaluationJson is null ? null : JsonSerializer.Deserialize<ModelEvaluation>(m.EvaluationJson, JsonSerializerOptions.Web);
}

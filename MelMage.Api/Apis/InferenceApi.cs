using System.Text.Json;
using MassTransit;
using MelMage.Api.Extensions;
using MelMage.Api.Models;
using MelMage.Api.Uploads;
using MelMage.Contracts.Messages;
using MelMage.Contracts.Seed;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MelMage.Api.Apis;

public static class InferenceApi
{
    public static RouteGroupBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/inference").WithTags("Inference");
        api.MapPost("/", Infer)
            .WithName("Infer")
            .WithSummary("The seed's synchronous API: JSON {\"audio_data\": base64 audio, any format} → predictions and visualization")
            .WithDescription("Byte-compatible with the seed's response (predictions[{class, confidence}], "
                             + "visualization{name:{shape, values}}, input_spectrogram, waveform). A worker computes it "
                             + "through RabbitMQ request/response; nothing is stored. \"model\": NAME in the body (or "
                             + "?model=NAME) picks an installed model; the headers MelMage-Model and MelMage-Model-Version "
                             + "say which answered (the body stays the seed's).")
            .Accepts<SeedInferenceRequest>("application/json")
            .Produces<SeedInferenceResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Infer(
        HttpRequest request, UploadValidator validator, IRequestClient<AnalyzeClip> analyze, InstalledModels models,
        IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        if (request.ContentLength > options.Value.MaxUploadBytes * 4 / 3 + 64 * 1024)
        {
            return FormReader.TooLarge(options.Value.MaxUploadBytes);
        }
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(detail: "Send JSON: {\"audio_data\": \"<base64 audio: WAV, MP3, FLAC, ...>\"}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Expected application/json");
        }
        SeedInferenceRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<SeedInferenceRequest>(cancellationToken);
        }
        catch (JsonException ex)
        {
            return BadRequest($"The body is not valid JSON: {ex.Message}");
        }
        if (string.IsNullOrEmpty(body?.AudioData)) return BadRequest("The field audio_data (base64 audio) is missing.");

        byte[] audio;
        try
        {
            audio = Convert.FromBase64String(body.AudioData);
        }
        catch (FormatException)
        {
            return BadRequest("audio_data is not valid base64.");
        }
        var (model, unknown) = await models.ChooseAsync(body.Model ?? request.Query[InstalledModels.Parameter].FirstOrDefault(),
            cancellationToken);
        if (unknown is not null) return unknown;
        if (validator.Check(audio) is { } rejection) return rejection.ToProblem();

        Response<ClipAnalyzed> response;
        try
        {
            response = await analyze.GetResponse<ClipAnalyzed>(new AnalyzeClip(Guid.CreateVersion7(), audio, model), cancellationToken);
        }
        catch (RequestTimeoutException)
        {
            return TypedResults.Problem(detail: "No worker answered in time; try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "No worker available");
        }
        catch (RequestFaultException ex)
        {
            return TypedResults.Problem(detail: $"The worker failed on this clip: {ex.Fault?.Exceptions.FirstOrDefault()?.Message}",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The worker failed");
        }
        if (response.Message.Response is null && response.Message.ErrorCode == "Silent")
        {
            // Silence has no top-3: the answer says so instead of looking like a classification.
            return TypedResults.Problem(detail: response.Message.Error, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The recording is silent", extensions: new Dictionary<string, object?> { ["code"] = "Silent" });
        }
        if (response.Message.Response is not { } result)
        {
            return TypedResults.Problem(detail: response.Message.Error, statusCode: StatusCodes.Status400BadRequest,
                title: "The audio could not be analyzed",
                extensions: new Dictionary<string, object?> { ["code"] = response.Message.ErrorCode });
        }
        if (response.Message.Model is { } answeredBy) request.HttpContext.Response.Headers[ModelHeader] = answeredBy;
        if (response.Message.ModelVersion is { } version) request.HttpContext.Response.Headers[ModelVersionHeader] = version;
        // Serialized with the seed's own property names (attributes), exactly as the seed wrote them.
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(result), "application/json");
    }

    /// <summary>Response headers naming the model (and its version) that answered: the seed's body has no place for them.</summary>
    public const string ModelHeader = "MelMage-Model";

    public const string ModelVersionHeader = "MelMage-Model-Version";

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed request");
}

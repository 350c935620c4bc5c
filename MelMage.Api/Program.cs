using MelMage.Api.Apis;
using MelMage.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAccessAndLimits();
app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapJobsApi();
app.MapBatchesApi();
app.MapInferenceApi();
app.MapModelsApi();
app.MapTrainingApi();
app.MapOperationsApi();

app.Run();

public partial class Program;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MelMage.Contracts.Api;

namespace MelMage.Tests.Infrastructure;

public static class ApiClientExtensions
{
    public static Task<HttpResponseMessage> UploadJobAsync(this HttpClient client, byte[] content, string fileName = "clip.wav")
        => client.PostAsync("/api/jobs", WavForm(content, fileName));

    /// <summary>An upload sent as the browser with <paramref name="clientToken"/> sends it (X-Client-Token), or from
    /// the client address <paramref name="forwardedFor"/> (as MelMage.Web's proxy names it).</summary>
    public static async Task<HttpResponseMessage> UploadJobAsAsync(this HttpClient client, byte[] content, string? clientToken,
        string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = WavForm(content) };
        if (clientToken is not null) request.Headers.Add("X-Client-Token", clientToken);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }

    /// <summary>A multipart form holding one WAV in <paramref name="field"/>.</summary>
    public static MultipartFormDataContent WavForm(byte[] content, string fileName = "clip.wav", string field = "file")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, field, fileName);
        return form;
    }

    public static async Task<JobAccepted> UploadJobAcceptedAsync(this HttpClient client, byte[] content, string fileName = "clip.wav")
    {
        using var response = await client.UploadJobAsync(content, fileName);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobAccepted>())!;
    }

    public static Task<HttpResponseMessage> UploadBatchAsync(this HttpClient client, IEnumerable<(string Name, byte[] Content)> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "files", name);
        }
        return client.PostAsync("/api/batches", form);
    }

    /// <summary>Polls until the job succeeded or failed.</summary>
    public static async Task<JobResponse> WaitForJobAsync(this HttpClient client, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JobResponse>($"/api/jobs/{id}"))!;
            if (job.Status is JobStatusNames.Succeeded or JobStatusNames.Failed) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} is still {job.Status}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls until every job of the batch is finished.</summary>
    public static async Task<BatchResponse> WaitForBatchAsync(this HttpClient client, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var batch = (await client.GetFromJsonAsync<BatchResponse>($"/api/batches/{id}"))!;
            if (batch.Succeeded + batch.Failed == batch.Total) return batch;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch {id}: {batch.Succeeded + batch.Failed} of {batch.Total} finished.");
            }
            await Task.Delay(200);
        }
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"detail\"", body, StringComparison.Ordinal);
    }
}

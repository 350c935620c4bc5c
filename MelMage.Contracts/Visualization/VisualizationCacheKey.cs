namespace MelMage.Contracts.Visualization;

/// <summary>Redis keys of cached visualizations: by content and model, so identical audio shares one entry.</summary>
public static class VisualizationCacheKey
{
    public static string For(string modelVersion, string contentSha256) => $"melmage:viz:{modelVersion}:{contentSha256}";
}

using System.ComponentModel.DataAnnotations;

namespace MelMage.Api.Retention;

/// <summary>How long uploads, predictions and cached visualizations are kept (section <c>Api:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Api:Retention";

    /// <summary>Jobs and batches older than this are deleted with everything they hold; zero keeps them forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "36500.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the sweep runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

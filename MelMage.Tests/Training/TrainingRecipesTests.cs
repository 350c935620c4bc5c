using System.Text.Json;
using MelMage.Model.Checkpoints;
using MelMage.Model.Training;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Training;

/// <summary>The command line's default recipe is the one the shipped models were trained with, and the seed's recipe
/// stays one word away.</summary>
public sealed class TrainingRecipesTests
{
    [Theory]
    [InlineData("runs/esc50-final/run.json")]
    [InlineData("runs/esc10-final/run.json")]
    public void DefaultRecipe_IsTheOneTheShippedModelsRecorded(string runFile)
    {
        var run = JsonSerializer.Deserialize<TrainingResult>(
            File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, runFile)), ModelCheckpoint.JsonOptions)!;
        var recorded = run.Options;
        // What a run says about itself rather than about its recipe: where, which classes, the precision of its passes,
        // and test-time shifts (these runs held nothing out, so they were left at 1).
        var recipe = TrainingRecipes.Apply(TrainingRecipes.Default, new TrainingOptions
        {
            DataDirectory = recorded.DataDirectory,
            OutputDirectory = recorded.OutputDirectory,
        }) with
        {
            TestFold = recorded.TestFold,
            Classes = recorded.Classes,
            MixedPrecision = recorded.MixedPrecision,
            HalfPrecisionWeights = recorded.HalfPrecisionWeights,
            TestTimeShifts = recorded.TestTimeShifts,
        };

        Assert.Equal(TrainingRecipes.R1, TrainingRecipes.Default);
        Assert.True(recipe.SameRecipe(recorded), $"recipe {JsonSerializer.Serialize(recipe)}\nrecorded {JsonSerializer.Serialize(recorded)}");
        Assert.Equal(4, TrainingRecipes.Apply(TrainingRecipes.R1, recorded).TestTimeShifts);
    }

    [Fact]
    public void SeedRecipe_IsTheOptionsDefaults_AndAnUnknownNameSaysWhichExist()
    {
        var plain = new TrainingOptions { DataDirectory = "d", OutputDirectory = "o" };
        Assert.Equal(plain, TrainingRecipes.Apply(TrainingRecipes.Seed, plain));
        Assert.Equal(FrontEnds.Full, plain.FrontEnd);
        Assert.Null(plain.EmaDecay);

        var error = Assert.Throws<ArgumentException>(() => TrainingRecipes.Apply("r2", plain));
        Assert.Contains("use r1 or seed", error.Message);
    }
}

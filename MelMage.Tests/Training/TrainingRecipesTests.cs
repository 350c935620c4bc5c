using System.Text.Json;
using MelMage.Model.Checkpoints;
using MelMage.Model.Training;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Training;

/// <summary>Each shipped model's run recorded the recipe it is said to use (the default r5 for esc50, r3 for esc10), so
/// do the model it replaced (r4) and the cross-validations r5 was chosen by, and the seed's recipe stays one word away.</summary>
public sealed class TrainingRecipesTests
{
    [Theory]
    [InlineData("runs/esc50-cb05-e120-nomixup-final/run.json", TrainingRecipes.Default)]
    [InlineData("runs/esc10-final/run.json", TrainingRecipes.R3)]
    // esc50 until 2026-12-07, and r5's two cross-validations (one fold each here), which it was chosen by.
    [InlineData("runs/esc50-cb05-e120-final/run.json", TrainingRecipes.R4)]
    [InlineData("runs/esc50-cb05-e120-nomixup/fold1/run.json", TrainingRecipes.R5)]
    [InlineData("runs/esc50-cb05-e120-nomixup-s1/fold5/run.json", TrainingRecipes.R5)]
    public void Runs_RecordedTheirRecipe(string runFile, string recipeName)
    {
        var run = JsonSerializer.Deserialize<TrainingResult>(
            File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, runFile)), ModelCheckpoint.JsonOptions)!;
        var recorded = run.Options;
        // What a run says about itself rather than about its recipe: where, which classes and folds, its seed, the
        // precision of its passes, and test-time shifts (recorded by the later runs, which serve with them; left at 1 by the earlier ones).
        var recipe = TrainingRecipes.Apply(recipeName, new TrainingOptions
        {
            DataDirectory = recorded.DataDirectory,
            OutputDirectory = recorded.OutputDirectory,
        }) with
        {
            TestFold = recorded.TestFold,
            Classes = recorded.Classes,
            Folds = recorded.Folds,
            Seed = recorded.Seed,
            MixedPrecision = recorded.MixedPrecision,
            HalfPrecisionWeights = recorded.HalfPrecisionWeights,
            TestTimeShifts = recorded.TestTimeShifts,
        };

        Assert.True(recipe.SameRecipe(recorded), $"recipe {JsonSerializer.Serialize(recipe)}\nrecorded {JsonSerializer.Serialize(recorded)}");
        Assert.Equal(4, TrainingRecipes.Apply(recipeName, recorded).TestTimeShifts);
    }

    [Fact]
    public void DefaultRecipe_IsR1WithSquareRootClassSampling120EpochsAndNoMixup()
    {
        var plain = new TrainingOptions { DataDirectory = "d", OutputDirectory = "o" };
        var r1 = TrainingRecipes.Apply(TrainingRecipes.R1, plain);
        Assert.Equal(TrainingRecipes.R5, TrainingRecipes.Default);
        Assert.Equal(0, r1.ClassBalance);
        Assert.Equal(80, r1.Epochs);
        Assert.Equal(r1 with { ClassBalance = 0.5 }, TrainingRecipes.Apply(TrainingRecipes.R2, plain));
        Assert.Equal(r1 with { Epochs = 120 }, TrainingRecipes.Apply(TrainingRecipes.R3, plain));
        Assert.Equal(r1 with { ClassBalance = 0.5, Epochs = 120 }, TrainingRecipes.Apply(TrainingRecipes.R4, plain));
        Assert.Equal(r1 with { ClassBalance = 0.5, Epochs = 120, MixupProbability = 0 },
            TrainingRecipes.Apply(TrainingRecipes.Default, plain));
    }

    [Fact]
    public void SeedRecipe_IsTheOptionsDefaults_AndAnUnknownNameSaysWhichExist()
    {
        var plain = new TrainingOptions { DataDirectory = "d", OutputDirectory = "o" };
        Assert.Equal(plain, TrainingRecipes.Apply(TrainingRecipes.Seed, plain));
        Assert.Equal(FrontEnds.Full, plain.FrontEnd);
        Assert.Null(plain.EmaDecay);

        var error = Assert.Throws<ArgumentException>(() => TrainingRecipes.Apply("r9", plain));
        Assert.Contains("use r5 or r4 or r3 or r2 or r1 or seed", error.Message);
    }
}

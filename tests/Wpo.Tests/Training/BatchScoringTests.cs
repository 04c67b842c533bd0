using TorchSharp;
using Wpo.Data;
using Wpo.Objectives;
using Wpo.Tests.Modeling;
using Wpo.Tests.Objectives;
using Wpo.Training;

namespace Wpo.Tests.Training;

public sealed class BatchScoringTests
{
    /// <summary>
    /// With tied embeddings the chunked head accumulates its gradient in place into the embedding matrix's .grad,
    /// which the embedding lookup's gradient also reaches through autograd: on a fresh parameter (no .grad yet) and
    /// after zero_grad, the sum must equal what plain autograd computes.
    /// </summary>
    [Fact]
    public void A_tied_heads_gradient_is_the_lookups_plus_the_heads_on_every_step()
    {
        using var model = TinyModels.Create("qwen2");
        Assert.True(model.Config.TieWordEmbeddings);
        var batch = PreferenceBatch.Collate(RandomPairs.Create(3, vocabulary: 61, seed: 5), padId: 0);
        using var optimizer = torch.optim.SGD(model.parameters(), 0.0);
        torch.Tensor HeadGradient(bool chunked)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            BatchScoring.Score(model, batch, new ScoreOptions { Chunked = chunked, ChunkSize = 4 }).SummedLogps.sum().backward();
            return model.LmHeadWeight.grad!.clone().MoveToOuterDisposeScope();
        }

        Assert.Null(model.LmHeadWeight.grad);
        using var fresh = HeadGradient(chunked: true);
        using var plain = HeadGradient(chunked: false);
        using var afterZeroGrad = HeadGradient(chunked: true);
        Close.ByScale("fresh .grad", plain, fresh, 1e-5);
        Close.ByScale("after zero_grad", plain, afterZeroGrad, 1e-5);
    }
}

using System.Text.Json;
using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>
/// FastChat's judge requests rebuilt from its files: the prompt name and the user prompt of each of the 160 real
/// gpt-4 judgements of granite-7b-lab, a math question's prompt filled by hand, and <c>str.format</c>'s braces.
/// </summary>
public class MtBenchPromptTests
{
    static string Data(string path) => SharedFolders.Data("mt_bench/" + path);

    static IReadOnlyDictionary<string, MtBenchJudgePrompt> Prompts => MtBenchJudgePrompt.Read(Data("judge_prompts.jsonl"));

    static Dictionary<int, MtBenchQuestion> Questions => MtBenchQuestion.Read(Data("mt_bench/question.jsonl")).ToDictionary(q => q.QuestionId);

    static IReadOnlyDictionary<int, IReadOnlyList<string>> References => MtBenchQuestion.ReadReferences(Data("mt_bench/reference_answer/gpt-4.jsonl"));

    [Fact]
    public void EveryRealJudgementsPromptNameAndUserPromptAreRebuiltExactly()
    {
        var answers = MtBenchAnswer.Read(Data("instructlab_granite/granite-7b-lab_answers.jsonl")).ToDictionary(a => a.QuestionId);
        var questions = Questions;
        var prompts = Prompts;
        var references = References;
        int rows = 0;
        foreach (string line in File.ReadLines(Data("instructlab_granite/gpt-4_single.jsonl")))
        {
            var row = JsonDocument.Parse(line).RootElement;
            int id = row.GetProperty("question_id").GetInt32(), turn = row.GetProperty("turn").GetInt32();
            var match = MtBenchMatch.Single(prompts, questions[id], answers[id].Turns, references.GetValueOrDefault(id), turn);
            Assert.Equal(row.GetProperty("judge")[1].GetString(), match.PromptName);
            Assert.True(row.GetProperty("user_prompt").GetString() == match.UserPrompt, $"question {id} turn {turn}: the user prompt differs");
            Assert.Equal(prompts[match.PromptName].SystemPrompt, match.Messages[0].Content);
            rows++;
        }
        Assert.Equal(160, rows);
    }

    [Fact]
    public void AMathQuestionsPromptsAreFastChatsTemplatesFilledByHand()
    {
        var question = Questions[111];
        Assert.Equal("math", question.Category);
        var reference = References[111];
        string[] answer = ["The area is 3.", "The circle's area is 5π."];
        var prompts = Prompts;

        var first = MtBenchMatch.Single(prompts, question, answer, reference, turn: 1);
        string expected = prompts["single-math-v1"].Template.Replace("{question}", question.Turns[0]).Replace("{answer}", answer[0]).Replace("{ref_answer_1}", reference[0]);
        Assert.Equal("single-math-v1", first.PromptName);
        Assert.Equal(expected, first.UserPrompt);
        Assert.Equal("You are a helpful assistant.", first.SystemPrompt);

        var second = MtBenchMatch.Single(prompts, question, answer, reference, turn: 2);
        Assert.Equal("single-math-v1-multi-turn", second.PromptName);
        Assert.Equal(prompts["single-math-v1-multi-turn"].Template
            .Replace("{question_1}", question.Turns[0]).Replace("{question_2}", question.Turns[1])
            .Replace("{answer_1}", answer[0]).Replace("{answer_2}", answer[1])
            .Replace("{ref_answer_1}", reference[0]).Replace("{ref_answer_2}", reference[1]), second.UserPrompt);
        // The second turn is judged in the conversation: the model's first answer comes before its second.
        Assert.True(second.UserPrompt.IndexOf(answer[0], StringComparison.Ordinal) < second.UserPrompt.IndexOf(answer[1], StringComparison.Ordinal));
        Assert.StartsWith("Please act as an impartial judge", second.SystemPrompt);
    }

    [Fact]
    public void PairPromptsPutAssistantAFirstAndUseTheReferenceForMath()
    {
        var prompts = Prompts;
        var writing = Questions[81];
        var pair = MtBenchMatch.Pair(prompts, writing, ["first A", "second A"], ["first B", "second B"], null, turn: 1);
        Assert.Equal("pair-v2", pair.PromptName);
        Assert.True(pair.UserPrompt.IndexOf("first A", StringComparison.Ordinal) < pair.UserPrompt.IndexOf("first B", StringComparison.Ordinal));
        Assert.DoesNotContain("second A", pair.UserPrompt);
        Assert.Equal(prompts["pair-v2"].SystemPrompt, pair.SystemPrompt);

        var math = MtBenchMatch.Pair(prompts, Questions[111], ["a1", "a2"], ["b1", "b2"], References[111], turn: 2);
        Assert.Equal("pair-math-v1-multi-turn", math.PromptName);
        Assert.Contains(References[111][1], math.UserPrompt);
        Assert.Contains("a2", math.UserPrompt);
    }

    [Fact]
    public void AReferenceQuestionWithoutAReferenceIsAnErrorNamingIt()
    {
        var error = Assert.Throws<WpoException>(() => MtBenchMatch.Single(Prompts, Questions[111], ["a", "b"], null, turn: 1));
        Assert.Contains("question 111 (math)", error.Message);
    }

    [Fact]
    public void FormatReplacesFieldsInOnePassAndKeepsDoubledBraces()
    {
        var prompt = new MtBenchJudgePrompt("t", "single", "s", "{{x}} {question} {answer}", "[[rating]]");
        Assert.Equal("{x} {answer} text", prompt.Format(new Dictionary<string, string> { ["question"] = "{answer}", ["answer"] = "text" }));
        Assert.Contains("needs {answer}", Assert.Throws<WpoException>(() => prompt.Format(new Dictionary<string, string> { ["question"] = "q" })).Message);
    }

    [Fact]
    public void FastChatsTemperaturesAndReferenceCategories()
    {
        Assert.Equal(0.7, MtBenchSampling.TemperatureOf("writing"));
        Assert.Equal(0.1, MtBenchSampling.TemperatureOf("stem"));
        Assert.Equal(0.0, MtBenchSampling.TemperatureOf("math"));
        Assert.Equal(0.7, MtBenchSampling.TemperatureOf("unknown"));
        Assert.False(MtBenchSampling.Samples(0.0));
        Assert.True(MtBenchSampling.Samples(0.1));
        Assert.Equal(["coding", "math", "reasoning"], Questions.Values.Where(q => q.NeedsReference).Select(q => q.Category).Distinct().Order());
        Assert.All(Questions.Values.Where(q => q.NeedsReference), q => Assert.True(References.ContainsKey(q.QuestionId), $"question {q.QuestionId} has no reference"));
    }
}

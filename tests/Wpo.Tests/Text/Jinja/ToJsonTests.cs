using static Wpo.Tests.Text.Jinja.JinjaRendering;

namespace Wpo.Tests.Text.Jinja;

/// <summary>
/// <c>tojson</c> as transformers defines it: <c>json.dumps</c> with ensure_ascii off, indent, separators and sort_keys, no HTML escaping.
/// Expected outputs were produced by Python Jinja2 3.1 with transformers' filter.
/// </summary>
public sealed class ToJsonTests
{
    [Theory]
    [InlineData("{{ {'a': 'é', 'b': [1, 2.0, none, true]}|tojson }}", "{\"a\": \"é\", \"b\": [1, 2.0, null, true]}")]
    [InlineData("{{ {'a':1,'b':{'c':[]}}|tojson(indent=2) }}", "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": []\n  }\n}")]
    [InlineData("{{ {'b':1,'a':2}|tojson(sort_keys=true) }}|{{ [1,2]|tojson(separators=(',',':')) }}|{{ {'a': 1}|tojson(separators=(';', '=')) }}", "{\"a\": 2, \"b\": 1}|[1,2]|{\"a\"=1}")]
    [InlineData("{{ 'é<>&\\'\"'|tojson }}|{{ 'é☕'|tojson(ensure_ascii=true) }}|{{ \"\\u0001\\t\\n\\\\\"|tojson }}|{{ {1: 'x', true: 'y', 2.5: 'z'}|tojson }}|{{ 1e20|tojson }}|{{ \"</script>\"|tojson }}", "\"é<>&'\\\"\"|\"\\u00e9\\u2615\"|\"\\u0001\\t\\n\\\\\"|{\"1\": \"y\", \"2.5\": \"z\"}|1e+20|\"</script>\"")]
    [InlineData("{{ [1,2]|tojson(indent=4) }}|{{ []|tojson(indent=2) }}|{{ {'a':[]}|tojson(indent='\\t') }}", "[\n    1,\n    2\n]|[]|{\n\t\"a\": []\n}")]
    public void Renders_like_Jinja2(string template, string expected) => Assert.Equal(expected, Render(template));

    [Theory]
    [InlineData("{{ tools|tojson }}|{{ tools[0]|tojson(indent=4) }}", "{\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get\", \"description\": \"Get \\u00e9 \\\"x\\\"\", \"parameters\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\", \"enum\": [1, 2.5, null, true]}}, \"required\": [\"a\"]}}}]}", "[{\"type\": \"function\", \"function\": {\"name\": \"get\", \"description\": \"Get é \\\"x\\\"\", \"parameters\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\", \"enum\": [1, 2.5, null, true]}}, \"required\": [\"a\"]}}}]|{\n    \"type\": \"function\",\n    \"function\": {\n        \"name\": \"get\",\n        \"description\": \"Get é \\\"x\\\"\",\n        \"parameters\": {\n            \"type\": \"object\",\n            \"properties\": {\n                \"a\": {\n                    \"type\": \"integer\",\n                    \"enum\": [\n                        1,\n                        2.5,\n                        null,\n                        true\n                    ]\n                }\n            },\n            \"required\": [\n                \"a\"\n            ]\n        }\n    }\n}")]
    public void Renders_context_like_Jinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, Render(template, contextJson));
}

using System.Text.Json;
using Wpo.Text.Jinja;

namespace Wpo.Tests.Text.Jinja;

/// <summary>Renders a template as transformers configures Jinja, with an optional JSON context and a fixed clock.</summary>
internal static class JinjaRendering
{
    public static readonly DateTime Now = new(2024, 7, 26, 9, 30, 0);

    public static string Render(string template, string? contextJson = null) => RenderResult(template, contextJson).Text;

    public static RenderResult RenderResult(string template, string? contextJson = null)
    {
        var context = new Dictionary<string, object?>();
        if (contextJson is not null)
        {
            using var document = JsonDocument.Parse(contextJson);
            foreach (var property in document.RootElement.EnumerateObject()) context[property.Name] = property.Value.Clone();
        }
        return JinjaTemplate.Parse(template, TemplateOptions.Transformers).Render(context, () => Now);
    }
}

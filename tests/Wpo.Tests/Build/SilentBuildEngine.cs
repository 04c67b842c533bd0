using System.Collections;
using Microsoft.Build.Framework;

namespace Wpo.Tests.Build;

/// <summary>A build engine that records messages, so an MSBuild task can run inside a test.</summary>
sealed class SilentBuildEngine : IBuildEngine
{
    public List<string> Messages { get; } = [];
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test";
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;
    public void LogCustomEvent(CustomBuildEventArgs e) => Messages.Add(e.Message ?? "");
    public void LogErrorEvent(BuildErrorEventArgs e) => Messages.Add("error: " + e.Message);
    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e.Message ?? "");
    public void LogWarningEvent(BuildWarningEventArgs e) => Messages.Add("warning: " + e.Message);
}

namespace Wpo.Modeling;

/// <summary>A <c>config.json</c> that this project cannot build a model from; the message names the file and key.</summary>
public sealed class ModelConfigException(string message) : WpoException(message);

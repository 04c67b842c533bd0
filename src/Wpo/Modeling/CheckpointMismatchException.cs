namespace Wpo.Modeling;

/// <summary>
/// A checkpoint whose tensors do not fit the model its config describes: the message lists the missing,
/// mis-shaped and unexpected tensors with what was expected.
/// </summary>
public sealed class CheckpointMismatchException(string message) : WpoException(message);

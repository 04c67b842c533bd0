namespace Wpo.Checkpoints;

/// <summary>A SafeTensors file or index that is malformed; the message names the file (and tensor).</summary>
public sealed class SafeTensorsFormatException(string message) : WpoException(message);

namespace Wpo;

/// <summary>
/// An error caused by the user's input (a file, a row, a config key), with a message that names it and
/// says what is wrong. The CLI prints these as one clear line instead of a stack trace.
/// </summary>
public class WpoException : Exception
{
    public WpoException(string message) : base(message) { }
    public WpoException(string message, Exception inner) : base(message, inner) { }
}

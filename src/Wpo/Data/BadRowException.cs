namespace Wpo.Data;

/// <summary>
/// A row that cannot become an example. Under the default policy the pipeline counts it in the
/// <see cref="BadRowLog"/> and goes on; under <c>--strict</c> it stops the run with this message.
/// </summary>
public sealed class BadRowException(BadRowReason reason, RowOrigin origin, string detail)
    : WpoException($"{origin}: {detail} ({BadRowLog.Describe(reason)}).")
{
    public BadRowReason Reason { get; } = reason;
    public RowOrigin Origin { get; } = origin;
    public string Detail { get; } = detail;
}

namespace TelesignVoice.Operators;

/// <summary>
/// The audit trail: one structured line per operator action and refusal, with a stable event id
/// (18xx) to filter on, naming the key by its configured name (never its secret). Admin actions are
/// logged by <see cref="AdminAuditFilter"/> (<c>.Audited(…)</c> on the route), whatever their answer.
/// </summary>
public static partial class OperatorAudit
{
    [LoggerMessage(EventId = 1801, EventName = "OperatorCallPlaced", Level = LogLevel.Information,
        Message = "Audit: operator {Operator} placed call {ReferenceId} (external_id {ExternalId}, flow {Flow}): HTTP {StatusCode}")]
    public static partial void CallPlaced(ILogger logger, string @operator, string? referenceId, string? externalId, string? flow, int statusCode);

    [LoggerMessage(EventId = 1802, EventName = "OperatorAdminAction", Level = LogLevel.Information,
        Message = "Audit: operator {Operator} did {Action} on {Target}: HTTP {StatusCode}")]
    public static partial void AdminAction(ILogger logger, string @operator, string action, string target, int statusCode);

    [LoggerMessage(EventId = 1803, EventName = "OperatorUnauthenticated", Level = LogLevel.Warning,
        Message = "Audit: operator request refused ({Reason} X-Api-Key) on {Method} {Path}")]
    public static partial void Unauthenticated(ILogger logger, string reason, string method, PathString path);

    [LoggerMessage(EventId = 1804, EventName = "OperatorForbidden", Level = LogLevel.Warning,
        Message = "Audit: operator {Operator} (role {Role}) refused on {Method} {Path}: needs {RequiredRole}")]
    public static partial void Forbidden(ILogger logger, string @operator, string role, string requiredRole, string method, PathString path);
}

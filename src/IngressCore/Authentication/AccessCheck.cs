namespace IngressCore.Authentication;

/// <summary>What one access check of a location said, as nginx's access-phase handlers return.</summary>
internal enum AccessCheck
{
    /// <summary>Not configured, or nothing to say (nginx's <c>NGX_DECLINED</c>).</summary>
    Declined,

    /// <summary>Let through (<c>NGX_OK</c>): with <c>satisfy any</c> the remaining checks are skipped.</summary>
    Allowed,

    /// <summary>401.</summary>
    Unauthorized,

    /// <summary>403.</summary>
    Forbidden,

    /// <summary>500: ends the request whatever <c>satisfy</c> says.</summary>
    Error,
}

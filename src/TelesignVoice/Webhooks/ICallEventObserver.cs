using TelesignVoice.Calls;
using TelesignVoice.Telesign;

namespace TelesignVoice.Webhooks;

/// <summary>
/// Side work that follows an event once it and the call's new state are committed (campaigns learn how
/// an attempt ended here). Observers run after the commit and before the answer; a failing observer is
/// logged and never changes the action Telesign gets.
/// </summary>
public interface ICallEventObserver
{
    Task OnEventCommittedAsync(CallRecord call, TelesignEvent evt, CancellationToken cancellationToken);
}

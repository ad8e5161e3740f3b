"""Read the migration events of a vCenter (QueryEvents with eventTypeId), as audit scripts do."""
from pyVmomi import vim
from common import args, connect, emit, Disconnect

a = args()
si, _ = connect(a["vcenters"][a["vcenter"]])
events = si.content.eventManager.QueryEvents(vim.event.EventFilterSpec(
    eventTypeId=["VmMigratedEvent", "DrsVmMigratedEvent", "VmRelocatedEvent"]))
emit({"events": [{"type": type(e).__name__.split(".")[-1], "vm": e.vm.name if e.vm else None,
                  "user": e.userName, "message": e.fullFormattedMessage} for e in events]})
Disconnect(si)

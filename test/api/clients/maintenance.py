"""Enter maintenance mode (DRS evacuates the running VMs), read the events, exit maintenance mode."""
from pyVim.task import WaitForTask
from pyVmomi import vim
from common import args, connect, emit, find_by_name, Disconnect

a = args()
si, _ = connect(a["vcenters"][a["vcenter"]])
host = find_by_name(si, vim.HostSystem, a["host"])
state_enter = WaitForTask(host.EnterMaintenanceMode_Task(timeout=0, evacuatePoweredOffVms=False))
in_mm = host.runtime.inMaintenanceMode
running_left = [vm.name for vm in host.vm if vm.runtime.powerState == "poweredOn"]
events = si.content.eventManager.QueryEvents(vim.event.EventFilterSpec(
    eventTypeId=["EnteredMaintenanceModeEvent", "VmMigratedEvent", "DrsVmMigratedEvent"]))
state_exit = WaitForTask(host.ExitMaintenanceMode_Task(timeout=0))
emit({"enter": state_enter, "inMaintenance": in_mm, "runningLeft": running_left, "exit": state_exit,
      "inMaintenanceAfterExit": host.runtime.inMaintenanceMode,
      "eventTypes": sorted({type(e).__name__.split(".")[-1] for e in events}),
      "summaryFlag": host.summary.runtime.inMaintenanceMode})
Disconnect(si)
